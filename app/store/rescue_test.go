package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// Jobs a dead process left running: long ago, just now, and long ago with a long deadline.
type (
	oldArgs    struct{}
	recentArgs struct{}
	longArgs   struct{}
)

func (oldArgs) Kind() string    { return "test_rescue_old" }
func (recentArgs) Kind() string { return "test_rescue_recent" }
func (longArgs) Kind() string   { return "test_rescue_long" }

// deadlineWorker completes every job; timeout, when set, is its own deadline.
type deadlineWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	timeout time.Duration
}

func (w *deadlineWorker[T]) Timeout(*river.Job[T]) time.Duration { return w.timeout }

func (w *deadlineWorker[T]) Work(context.Context, *river.Job[T]) error { return nil }

func TestJobsLeftRunningByADeadProcessAreRescuedAfterTheirDeadline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		cfg := storetest.Config(t, engine)
		cfg.JobTimeout = 30 * time.Second
		w := river.NewWorkers()
		river.AddWorker(w, &deadlineWorker[oldArgs]{})
		river.AddWorker(w, &deadlineWorker[recentArgs]{})
		river.AddWorker(w, &deadlineWorker[longArgs]{timeout: time.Hour})
		s := storetest.OpenConfig(t, cfg, w)
		now := time.Now()
		for _, job := range []struct {
			args        river.JobArgs
			attemptedAt time.Time
		}{{oldArgs{}, now.Add(-5 * time.Minute)}, {recentArgs{}, now}, {longArgs{}, now.Add(-5 * time.Minute)}} {
			if err := s.Enqueue(ctx, job.args, nil); err != nil {
				t.Fatal(err)
			}
			if err := store.MarkRunning(ctx, s, job.args.Kind(), job.attemptedAt); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitState(t, s, oldArgs{}.Kind(), "completed", 30*time.Second)
		// The rescuer weighed the long job in the same pass that rescued the old one.
		for _, kind := range []string{recentArgs{}.Kind(), longArgs{}.Kind()} {
			if counts := jobCounts(t, s, kind); counts["running"] != 1 {
				t.Errorf("%s: states %v, want still running before its deadline", kind, counts)
			}
		}
	})
}

func jobCounts(t *testing.T, s *store.Store, kind string) map[string]int {
	t.Helper()
	counts, err := s.JobCounts(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// waitState waits until the one job of kind is in state.
func waitState(t *testing.T, s *store.Store, kind, state string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if jobCounts(t, s, kind)[state] == 1 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: states %v after %v, want %s", kind, jobCounts(t, s, kind), within, state)
}
