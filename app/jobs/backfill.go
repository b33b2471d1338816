package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

type backfillWorker struct {
	river.WorkerDefaults[BackfillArgs]
	d Deps
}

// Work lists an installation's repositories and enqueues a reconcile for each; the reconcile
// onboards those that opted in (or all, when the organisation says so). The GitHub client paces
// the mutations that follow, per installation.
func (w *backfillWorker) Work(ctx context.Context, job *river.Job[BackfillArgs]) error {
	inst := job.Args.InstallationID
	log := jobLog(w.d.Log, job.JobRow, logrus.Fields{"installation": inst})
	if skip, err := w.inactive(ctx, inst); skip || err != nil {
		return outcome(log, err)
	}
	client, err := w.d.Clients.Installation(ctx, inst)
	if err != nil {
		return outcome(log, err)
	}
	repos, err := client.InstallationRepos(ctx)
	if err != nil {
		return outcome(log, err)
	}
	startProgress(ctx, w.d.Store, inst, repos, log)
	for _, r := range repos {
		if r.Archived {
			continue
		}
		args := ReconcileArgs{Repo: Repo{InstallationID: inst, Owner: r.Owner, Name: r.Name}, Reason: "backfill"}
		if err := w.d.Store.Enqueue(ctx, args, nil); err != nil {
			return outcome(log, err)
		}
	}
	log.WithField("repositories", len(repos)).Info("installation backfilled")
	return nil
}

// inactive reports whether the installation is deleted or suspended.
func (w *backfillWorker) inactive(ctx context.Context, id int64) (bool, error) {
	in, err := w.d.Store.Installation(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && (in.Deleted || in.Suspended), err
}

type resyncWorker struct {
	river.WorkerDefaults[ResyncArgs]
	d Deps
}

// deliveryRetention is how long recorded deliveries are kept for deduplication; GitHub lets
// people redeliver a webhook for three days.
const deliveryRetention = 7 * 24 * time.Hour

// Work re-evaluates every repository with services, so that expiring waivers and drift are seen
// even without events, and prunes deliveries past their retention.
func (w *resyncWorker) Work(ctx context.Context, job *river.Job[ResyncArgs]) error {
	log := jobLog(w.d.Log, job.JobRow, nil)
	if n, err := w.d.Store.PruneDeliveries(ctx, time.Now().Add(-deliveryRetention)); err != nil {
		log.WithError(err).Warn("deliveries not pruned")
	} else if n > 0 {
		log.WithField("pruned", n).Info("old deliveries pruned")
	}
	installs, err := w.d.Store.Installations(ctx)
	if err != nil {
		return outcome(log, err)
	}
	for _, in := range installs {
		if in.Deleted || in.Suspended {
			continue
		}
		if err := w.d.Store.Enqueue(ctx, BackfillArgs{InstallationID: in.ID}, nil); err != nil {
			return outcome(log, err)
		}
	}
	return nil
}
