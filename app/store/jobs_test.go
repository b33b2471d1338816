package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// countArgs is a test job whose worker counts runs per N.
type countArgs struct {
	N int `json:"n"`
}

func (countArgs) Kind() string { return "test_count" }

// counter records each job's start and finish; its workers sleep for delay.
type counter struct {
	delay time.Duration

	mu       sync.Mutex
	started  map[int]int
	finished map[int]int
}

func newCounter(delay time.Duration) *counter {
	return &counter{delay: delay, started: map[int]int{}, finished: map[int]int{}}
}

func (c *counter) workers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[countArgs]) error {
		c.mu.Lock()
		c.started[job.Args.N]++
		c.mu.Unlock()
		select {
		case <-time.After(c.delay):
		case <-ctx.Done():
			return ctx.Err()
		}
		c.mu.Lock()
		c.finished[job.Args.N]++
		c.mu.Unlock()
		return nil
	}))
	return w
}

// snapshot returns copies of the started and finished counts.
func (c *counter) snapshot() (started, finished map[int]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	started, finished = map[int]int{}, map[int]int{}
	for k, v := range c.started {
		started[k] = v
	}
	for k, v := range c.finished {
		finished[k] = v
	}
	return started, finished
}

// waitFinished waits until at least n distinct jobs finished.
func (c *counter) waitFinished(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if _, finished := c.snapshot(); len(finished) >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, finished := c.snapshot()
	t.Fatalf("%d jobs finished within %v, want %d", len(finished), within, n)
}

func TestEnqueueAndWork(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		c := newCounter(0)
		s := storetest.OpenConfig(t, storetest.Config(t, engine), c.workers())
		if s.Running() {
			t.Fatal("Running() before Start")
		}
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if !s.Running() {
			t.Fatal("Running() false after Start")
		}
		for n := range 3 {
			if err := s.Enqueue(ctx, countArgs{N: n}, nil); err != nil {
				t.Fatal(err)
			}
		}
		c.waitFinished(t, 3, 20*time.Second)
		if err := s.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if s.Running() {
			t.Error("Running() after Stop")
		}
		counts, err := s.JobCounts(ctx, countArgs{}.Kind())
		if err != nil || counts["completed"] != 3 || len(counts) != 1 {
			t.Errorf("JobCounts = %v, %v; want 3 completed only", counts, err)
		}
	})
}

// TestStoppedWithJobsQueuedFinishesThemAfterRestart: a server stopped with
// jobs queued finishes them after restart, with no duplicates.
func TestStoppedWithJobsQueuedFinishesThemAfterRestart(t *testing.T) {
	const jobs = 20
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		cfg := storetest.Config(t, engine)
		cfg.MaxWorkers = 2
		c := newCounter(40 * time.Millisecond)

		first, err := store.Open(ctx, cfg, c.workers())
		if err != nil {
			t.Fatal(err)
		}
		for n := range jobs {
			if err := first.Enqueue(ctx, countArgs{N: n}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := first.Start(ctx); err != nil {
			t.Fatal(err)
		}
		c.waitFinished(t, 3, 20*time.Second)
		if err := first.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		started, finished := c.snapshot()
		if len(started) != len(finished) {
			t.Fatalf("Stop returned with %d jobs started but %d finished", len(started), len(finished))
		}
		if len(finished) >= jobs {
			t.Fatalf("all %d jobs finished before Stop; the test needs some left queued", jobs)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}

		second := storetest.OpenConfig(t, cfg, c.workers())
		if err := second.Start(ctx); err != nil {
			t.Fatal(err)
		}
		c.waitFinished(t, jobs, 30*time.Second)
		if err := second.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		started, finished = c.snapshot()
		for n := range jobs {
			if started[n] != 1 || finished[n] != 1 {
				t.Errorf("job %d started %d and finished %d times, want once", n, started[n], finished[n])
			}
		}
	})
}

func TestStopPastDeadlineCancelsRunningJobsAndRequeuesThem(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		c := newCounter(time.Minute)
		s := storetest.OpenConfig(t, storetest.Config(t, engine), c.workers())
		if err := s.Enqueue(ctx, countArgs{N: 1}, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitStarted(t, c, 1)
		stopCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if err := s.Stop(stopCtx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop = %v, want deadline exceeded", err)
		}
		if s.Running() {
			t.Error("Running() after Stop")
		}
		if _, finished := c.snapshot(); len(finished) != 0 {
			t.Errorf("finished = %v, want the job cancelled", finished)
		}
		counts, err := s.JobCounts(ctx, countArgs{}.Kind())
		if err != nil || counts["available"] != 1 || len(counts) != 1 {
			t.Errorf("JobCounts = %v, %v; want the cancelled job back in the queue", counts, err)
		}
	})
}

func waitStarted(t *testing.T, c *counter, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if started, _ := c.snapshot(); len(started) >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("fewer than %d jobs started", n)
}
