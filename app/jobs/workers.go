package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/reconcile"
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

// Deps is what the workers need.
type Deps struct {
	Store      *store.Store
	Reconciler *reconcile.Reconciler
	Dispatcher Dispatcher
	Clients    gh.Clients
	Log        logrus.FieldLogger
}

// Register adds every worker to workers.
func Register(workers *river.Workers, d Deps) {
	river.AddWorker(workers, &deliveryWorker{d: d})
	river.AddWorker(workers, &reconcileWorker{d: d})
	river.AddWorker(workers, &reviewEditWorker{d: d})
	river.AddWorker(workers, &launchWorker{d: d})
	river.AddWorker(workers, &checkWorker{d: d})
	river.AddWorker(workers, &issueStateWorker{d: d})
	river.AddWorker(workers, &backfillWorker{d: d})
	river.AddWorker(workers, &resyncWorker{d: d})
}

// outcome maps a job's error to River: a held lock or GitHub's "slow down" snoozes the job
// instead of spending an attempt; other errors retry with River's backoff.
func outcome(log logrus.FieldLogger, err error) error {
	var later *gh.RetryLaterError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, reconcile.ErrBusy):
		return river.JobSnooze(busyRetry)
	case errors.As(err, &later):
		wait := max(time.Until(later.At), time.Second)
		log.WithError(err).WithField("retry_in", wait.String()).Warn(snoozeMessage(err))
		return river.JobSnooze(wait)
	default:
		log.WithError(err).Warn("job failed; River will retry it")
		return err
	}
}

func jobLog(base logrus.FieldLogger, job *rivertype.JobRow, fields logrus.Fields) logrus.FieldLogger {
	return base.WithFields(logrus.Fields{"job": job.Kind, "job_id": job.ID, "attempt": job.Attempt}).WithFields(fields)
}

func target(r Repo) reconcile.Target {
	return reconcile.Target{InstallationID: r.InstallationID, Owner: r.Owner, Name: r.Name}
}

func repoFields(r Repo) logrus.Fields {
	return logrus.Fields{"installation": r.InstallationID, "repo": r.Owner + "/" + r.Name}
}
