package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/redelivery"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// busyRetry is how long a job waits when another worker holds the lock it needs.
const busyRetry = 2 * time.Second

// Dispatcher turns a recorded delivery into bookkeeping and follow-up jobs.
type Dispatcher interface {
	Dispatch(ctx context.Context, event string, payload []byte) ([]river.JobArgs, error)
}

// Reconciler is the use case the workers run: *reconcile.Reconciler in production.
type Reconciler interface {
	Repository(ctx context.Context, t reconcile.Target, force bool) error
	RepositoryIfChanged(ctx context.Context, t reconcile.Target, force bool) error
	ReviewEdit(ctx context.Context, t reconcile.Target, e reconcile.Edit) error
	Launch(ctx context.Context, t reconcile.Target, l reconcile.LaunchRequest) error
	PullRequestCheck(ctx context.Context, t reconcile.Target, pc reconcile.PullCheck) error
	IssueClosed(ctx context.Context, t reconcile.Target, number int) error
	IssueReopened(ctx context.Context, t reconcile.Target, number int) error
	Backfill(ctx context.Context, installationID int64) ([]reconcile.Target, error)
	ResyncInstallations(ctx context.Context) ([]int64, error)
}

// Store is what the workers read and enqueue: *store.Store in production.
type Store interface {
	Delivery(ctx context.Context, hookID int64, deliveryID string) (store.Delivery, error)
	Enqueue(ctx context.Context, job river.JobArgs, opts *river.InsertOpts) error
	PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error)
	StartBackfill(ctx context.Context, installationID int64, repositories int) error
}

// Deps is what the workers need.
type Deps struct {
	Store      Store
	Reconciler Reconciler
	Dispatcher Dispatcher
	Reminders  Reminders
	// Stale, when set, has a successful reconcile clear its repository's stale mark (see GiveUp).
	Stale StaleMarker
	Log   logrus.FieldLogger
	// Budget, when set, has background work yield to event-driven work as the rate limit runs low.
	Budget Budget
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// Register adds a worker for every job kind to workers and returns the kinds.
func Register(workers *river.Workers, d Deps) []string {
	adds := []func(*river.Workers) string{
		adder[DeliveryArgs](&deliveryWorker{d: d}),
		adder[ReconcileArgs](&reconcileWorker{d: d}),
		adder[ReviewEditArgs](&reviewEditWorker{d: d}),
		adder[LaunchArgs](&launchWorker{d: d}),
		adder[CheckArgs](&checkWorker{d: d}),
		adder[IssueStateArgs](&issueStateWorker{d: d}),
		adder[BackfillArgs](&backfillWorker{d: d}),
		adder[ResyncArgs](&resyncWorker{d: d}),
		adder[RemindArgs](&remindWorker{d: d}),
	}
	kinds := make([]string, len(adds))
	for i, add := range adds {
		kinds[i] = add(workers)
	}
	return kinds
}

// Kinds lists the job kind of every worker Register adds, and the redelivery sweep's, which
// the App registers beside them, so that no kind is missed by what waits for the queue to drain.
func Kinds() []string { return append(Register(river.NewWorkers(), Deps{}), redelivery.Args{}.Kind()) }

func adder[T river.JobArgs](w river.Worker[T]) func(*river.Workers) string {
	return func(workers *river.Workers) string {
		river.AddWorker(workers, w)
		var args T
		return args.Kind()
	}
}

// outcome maps a job's error to River: a held lock or GitHub's "slow down" snoozes the job
// instead of spending an attempt; other errors retry with River's backoff.
func (d Deps) outcome(log logrus.FieldLogger, err error) error {
	var later *gh.RetryLaterError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, reconcile.ErrBusy):
		return river.JobSnooze(busyRetry)
	case errors.Is(err, gh.ErrInstallationGone):
		log.WithError(err).Info("installation gone or suspended; job dropped")
		return river.JobCancel(err)
	case errors.As(err, &later):
		wait := max(later.At.Sub(d.now()), time.Second)
		log.WithError(err).WithField("retry_in", wait.String()).Warn(snoozeMessage(err))
		return river.JobSnooze(wait)
	default:
		log.WithError(err).Warn("job failed; River will retry it")
		return err
	}
}

func (d Deps) jobLog(job *rivertype.JobRow, fields logrus.Fields) logrus.FieldLogger {
	return d.Log.WithFields(logrus.Fields{logctx.Job: job.Kind, logctx.JobID: job.ID, logctx.Attempt: job.Attempt}).WithFields(fields)
}

// withLog carries a job's log entry in ctx, so that the reconciler logs with its fields.
func withLog(ctx context.Context, log logrus.FieldLogger) context.Context {
	return logctx.With(ctx, log)
}

func target(r Repo) reconcile.Target {
	return reconcile.Target{InstallationID: r.InstallationID, Owner: r.Owner, Name: r.Name}
}

func installationFields(id int64) logrus.Fields { return logrus.Fields{logctx.Installation: id} }

func repoFields(r Repo) logrus.Fields {
	return logrus.Fields{logctx.Installation: r.InstallationID, logctx.Repo: r.Owner + "/" + r.Name}
}
