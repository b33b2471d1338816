package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

type backfillWorker struct {
	river.WorkerDefaults[BackfillArgs]
	d Deps
}

// backfillTimeout is a backfill's deadline, longer than other jobs': it pages through every
// repository of an installation and enqueues a reconcile for each. A backfill a dead process
// left running is rescued after this deadline, not the shorter default.
const backfillTimeout = 5 * time.Minute

// Timeout implements river.Worker.
func (*backfillWorker) Timeout(*river.Job[BackfillArgs]) time.Duration { return backfillTimeout }

// Work enqueues a reconcile for each repository the installation's backfill lists; the
// reconcile onboards those that opted in (or all, when the organisation says so). The GitHub
// client paces the mutations that follow, per installation.
func (w *backfillWorker) Work(ctx context.Context, job *river.Job[BackfillArgs]) error {
	inst := job.Args.InstallationID
	log := w.d.jobLog(job.JobRow, installationFields(inst))
	if err := w.d.yield(log, inst); err != nil {
		return err
	}
	targets, err := w.d.Reconciler.Backfill(withLog(ctx, log), inst)
	if err != nil {
		return w.d.outcome(log, err)
	}
	startProgress(ctx, w.d.Store, inst, len(targets), log)
	for _, t := range targets {
		args := ReconcileArgs{Repo: Repo{InstallationID: t.InstallationID, Owner: t.Owner, Name: t.Name}, SkipUnchanged: true, Background: true, Reason: "backfill"}
		if err := w.d.Store.Enqueue(ctx, args, nil); err != nil {
			return w.d.outcome(log, err)
		}
	}
	log.WithField("repositories", len(targets)).Info("installation backfilled")
	return nil
}

type resyncWorker struct {
	river.WorkerDefaults[ResyncArgs]
	d Deps
}

// deliveryRetention is how long recorded deliveries are kept for deduplication; GitHub lets
// people redeliver a webhook for three days.
const deliveryRetention = 7 * 24 * time.Hour

// Work prunes deliveries past their retention and backfills every active installation. The
// backfill reconciles each of their repositories that is not archived, so that expiring waivers
// and drift are seen even without events; a reconcile leaves a repository alone unless it has
// services, opted in, or its organisation onboards all.
func (w *resyncWorker) Work(ctx context.Context, job *river.Job[ResyncArgs]) error {
	log := w.d.jobLog(job.JobRow, nil)
	if n, err := w.d.Store.PruneDeliveries(ctx, w.d.now().Add(-deliveryRetention)); err != nil {
		log.WithError(err).Warn("deliveries not pruned")
	} else if n > 0 {
		log.WithField("pruned", n).Info("old deliveries pruned")
	}
	installs, err := w.d.Reconciler.ResyncInstallations(withLog(ctx, log))
	if err != nil {
		return w.d.outcome(log, err)
	}
	for _, id := range installs {
		if err := w.d.Store.Enqueue(ctx, BackfillArgs{InstallationID: id}, nil); err != nil {
			return w.d.outcome(log, err)
		}
	}
	return nil
}
