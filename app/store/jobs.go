package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// Job queue tuning that Config does not expose.
const (
	// maxAttempts is how often a failing job runs before River discards it;
	// retries back off with River's default policy.
	maxAttempts = 10
	// rescueMargin is added to the job timeout before a running job whose
	// worker died is considered stuck and retried. River's rescuer also
	// leaves alone a job younger than its worker's own Timeout, so a kind
	// with a longer deadline is rescued after that deadline instead.
	rescueMargin = 10 * time.Second
	// hardStopTimeout bounds the wait for cancelled jobs after a graceful
	// stop ran out of time.
	hardStopTimeout = 10 * time.Second
)

// ErrNoWorkers is returned by Start on a store opened without workers.
var ErrNoWorkers = errors.New("store opened without workers")

// riverConfig is River's client configuration for cfg.
func riverConfig(cfg Config, workers *river.Workers, logger *slog.Logger) *river.Config {
	rc := &river.Config{
		FetchCooldown:        min(river.FetchCooldownDefault, cfg.PollInterval),
		FetchPollInterval:    cfg.PollInterval,
		JobTimeout:           cfg.JobTimeout,
		Logger:               logger,
		Middleware:           cfg.Middleware,
		MaxAttempts:          maxAttempts,
		RescueStuckJobsAfter: rescueAfter(cfg.JobTimeout),
		Workers:              workers,
	}
	if workers != nil {
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.MaxWorkers}}
	}
	return rc
}

// rescueAfter is how long a job with timeout may be running before River
// treats it as abandoned by a dead process and retries it.
func rescueAfter(timeout time.Duration) time.Duration { return timeout + rescueMargin }

// newRiverClient creates River's client on driver and also stores it in
// *dst, where the backend's transactions find it.
func newRiverClient[TTx any](driver riverdriver.Driver[TTx], cfg *river.Config, dst **river.Client[TTx]) (jobClient, error) {
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, err
	}
	*dst = client
	return client, nil
}

// Start starts the job workers. ctx bounds only the start: workers run
// until Stop or Close.
func (s *Store) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return nil
	}
	if !s.hasWorkers {
		return ErrNoWorkers
	}
	if err := s.jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	s.started = true
	return nil
}

// Stop stops fetching jobs and waits for running ones to finish; queued
// jobs stay in the database for the next start. If ctx ends first, running
// jobs are cancelled and go back to the queue.
func (s *Store) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return nil
	}
	s.started = false
	err := s.jobs.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return wrapErr("stop workers", err)
	}
	hardCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hardStopTimeout)
	defer cancel()
	return wrapErr("stop workers", errors.Join(err, s.jobs.StopAndCancel(hardCtx)))
}

// Running reports whether the workers were started and have not stopped.
func (s *Store) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return false
	}
	select {
	case <-s.jobs.Stopped():
		return false
	default:
		return true
	}
}

// Enqueue inserts a job outside any other write. A Coalescing job is not inserted when a
// waiting job stands for it.
func (s *Store) Enqueue(ctx context.Context, job river.JobArgs, opts *river.InsertOpts) error {
	if c, ok := job.(Coalescing); ok && c.CoalesceOn() != nil {
		return s.enqueueCoalesced(ctx, job, c.CoalesceOn(), opts)
	}
	if _, err := s.jobs.Insert(ctx, job, opts); err != nil {
		return fmt.Errorf("enqueue %s: %w", job.Kind(), err)
	}
	return nil
}

// wrapErr prefixes err with what, keeping nil as nil.
func wrapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// JobCounts returns how many jobs of kind the queue holds, by River state
// ("available", "running", "completed", "retryable", …). Completed jobs
// are kept for a day.
func (s *Store) JobCounts(ctx context.Context, kind string) (map[string]int, error) {
	counts, err := queryAll(ctx, s.b.pool(), func(row scanner) (stateCount, error) {
		var c stateCount
		err := row.Scan(&c.state, &c.n)
		return c, err
	}, `SELECT state, count(*) FROM river_job WHERE kind = $1 GROUP BY state`, kind)
	if err != nil {
		return nil, fmt.Errorf("count %s jobs: %w", kind, err)
	}
	out := make(map[string]int, len(counts))
	for _, c := range counts {
		out[c.state] = c.n
	}
	return out, nil
}

type stateCount struct {
	state string
	n     int
}
