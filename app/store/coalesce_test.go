package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// refreshArgs is a coalescing job: one per repository stands for the others, a forced one only
// for forced ones, a thorough one only for thorough ones.
type refreshArgs struct {
	Installation int64  `json:"installation"`
	Repo         string `json:"repo"`
	Force        bool   `json:"force,omitempty"`
	Quick        bool   `json:"quick,omitempty"`
	Note         string `json:"note"`
}

func (refreshArgs) Kind() string { return "refresh_test" }

func (a refreshArgs) CoalesceOn() *store.Coalesce {
	c := &store.Coalesce{Equal: map[string]string{"installation": strconv.FormatInt(a.Installation, 10), "repo": a.Repo}}
	if a.Force {
		c.Set = append(c.Set, "force")
	}
	if !a.Quick {
		c.Unset = append(c.Unset, "quick")
	}
	return c
}

func TestEnqueueCoalescesWaitingJobs(t *testing.T) {
	tests := map[string]struct {
		jobs []refreshArgs
		want int
	}{
		"same repository, other note": {jobs: []refreshArgs{{Installation: 1, Repo: "api", Note: "push"}, {Installation: 1, Repo: "api", Note: "backfill"}}, want: 1},
		"fifty pushes":                {jobs: repeat(refreshArgs{Installation: 1, Repo: "api", Quick: true}, 50), want: 1},
		"other repository":            {jobs: []refreshArgs{{Installation: 1, Repo: "api"}, {Installation: 1, Repo: "web"}}, want: 2},
		"other installation":          {jobs: []refreshArgs{{Installation: 1, Repo: "api"}, {Installation: 12, Repo: "api"}}, want: 2},
		"forced after unforced":       {jobs: []refreshArgs{{Installation: 1, Repo: "api"}, {Installation: 1, Repo: "api", Force: true}}, want: 2},
		"unforced after forced":       {jobs: []refreshArgs{{Installation: 1, Repo: "api", Force: true}, {Installation: 1, Repo: "api"}}, want: 1},
		"thorough after quick":        {jobs: []refreshArgs{{Installation: 1, Repo: "api", Quick: true}, {Installation: 1, Repo: "api"}}, want: 2},
		"quick after thorough":        {jobs: []refreshArgs{{Installation: 1, Repo: "api"}, {Installation: 1, Repo: "api", Quick: true}}, want: 1},
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				s := storetest.Open(t, engine)
				for _, j := range tc.jobs {
					if err := s.Enqueue(context.Background(), j, nil); err != nil {
						t.Fatal(err)
					}
				}
				if got := countState(t, s, "available"); got != tc.want {
					t.Errorf("%d jobs waiting, want %d", got, tc.want)
				}
			})
		}
	})
}

// TestConcurrentEnqueuesCoalesce: enqueues racing from several workers leave one waiting job.
func TestConcurrentEnqueuesCoalesce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		s := storetest.Open(t, engine)
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				if err := s.Enqueue(context.Background(), refreshArgs{Installation: 1, Repo: "api", Note: strconv.Itoa(i)}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := countState(t, s, "available"); got != 1 {
			t.Errorf("%d jobs waiting after 20 concurrent enqueues, want 1", got)
		}
	})
}

// TestEnqueueDoesNotCoalesceWithRunningJob: a job that is running may have read already, so a
// job enqueued meanwhile waits to run after it.
func TestEnqueueDoesNotCoalesceWithRunningJob(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		release := make(chan struct{})
		workers := river.NewWorkers()
		river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[refreshArgs]) error {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		}))
		// One worker, so the job enqueued during the run cannot start beside it, which would let
		// the next enqueue insert another.
		cfg := storetest.Config(t, engine)
		cfg.MaxWorkers = 1
		s := storetest.OpenConfig(t, cfg, workers)
		ctx := context.Background()
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Stop(context.Background()) })
		job := refreshArgs{Installation: 1, Repo: "api"}
		if err := s.Enqueue(ctx, job, nil); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return countState(t, s, "running") == 1 })
		for range 3 {
			if err := s.Enqueue(ctx, job, nil); err != nil {
				t.Fatal(err)
			}
		}
		total := countState(t, s, "available") + countState(t, s, "running")
		close(release)
		if total != 2 {
			t.Errorf("%d jobs running or waiting after three enqueues during a run, want 2", total)
		}
		waitFor(t, func() bool { return countState(t, s, "completed") == 2 })
	})
}

func repeat(a refreshArgs, n int) []refreshArgs {
	out := make([]refreshArgs, n)
	for i := range out {
		out[i] = a
		out[i].Note = strconv.Itoa(i)
	}
	return out
}

func countState(t *testing.T, s *store.Store, state string) int {
	t.Helper()
	counts, err := s.JobCounts(context.Background(), refreshArgs{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	return counts[state]
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
