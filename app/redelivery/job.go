package redelivery

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"

	"github.com/prchq/prc/app/gh"
)

// Args is the River job of one sweep.
type Args struct{}

// Kind names the job in River.
func (Args) Kind() string { return "redelivery" }

// Deps is what the worker needs.
type Deps struct {
	Deliveries Deliveries
	Recorded   Recorded
	Log        logrus.FieldLogger
	Now        func() time.Time // time.Now when nil
}

type worker struct {
	river.WorkerDefaults[Args]
	d Deps
}

// Register adds the sweep's worker to workers.
func Register(workers *river.Workers, d Deps) {
	if d.Now == nil {
		d.Now = time.Now
	}
	river.AddWorker(workers, &worker{d: d})
}

// Work runs one sweep; GitHub's "slow down" snoozes it, other failures retry with River's backoff.
func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	log := w.d.Log.WithFields(logrus.Fields{"job": job.Kind, "job_id": job.ID, "attempt": job.Attempt})
	res, err := Sweep(ctx, log, w.d.Deliveries, w.d.Recorded, w.d.Now())
	var later *gh.RetryLaterError
	if errors.As(err, &later) {
		log.WithError(err).Warn("GitHub asked to slow down; redelivery sweep snoozed")
		return river.JobSnooze(max(time.Until(later.At), time.Second))
	}
	if err != nil {
		log.WithError(err).Warn("redelivery sweep failed; River will retry it")
		return err
	}
	log.WithFields(logrus.Fields{"seen": res.Seen, "missed": res.Missed, "redelivered": res.Redelivered}).Info("redelivery sweep done")
	return nil
}

// waitingOrRunning are the states in which a sweep makes another one redundant.
var waitingOrRunning = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// Enqueuer inserts a River job.
type Enqueuer interface {
	Enqueue(ctx context.Context, job river.JobArgs, opts *river.InsertOpts) error
}

// Schedule enqueues a sweep now and then every interval until ctx ends. A sweep is unique while
// it waits or runs, so several replicas do not double it, but a sweep finished earlier in the
// period never stops the one a start asks for.
func Schedule(ctx context.Context, q Enqueuer, interval time.Duration, log logrus.FieldLogger) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByState: waitingOrRunning}}
		if err := q.Enqueue(ctx, Args{}, opts); err != nil && ctx.Err() == nil {
			log.WithError(err).Warn("redelivery sweep not enqueued")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
