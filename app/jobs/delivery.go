package jobs

import (
	"context"

	"github.com/prchq/prc/app/logctx"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

type deliveryWorker struct {
	river.WorkerDefaults[DeliveryArgs]
	d Deps
}

// Work loads the recorded delivery, applies its bookkeeping and enqueues the jobs it calls for.
// The follow-up jobs are enqueued before this job completes, so a crash in between repeats the
// dispatch; every follow-up is idempotent.
func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[DeliveryArgs]) error {
	log := w.d.jobLog(job.JobRow, logrus.Fields{logctx.Delivery: job.Args.DeliveryID})
	d, err := w.d.Store.Delivery(ctx, job.Args.HookID, job.Args.DeliveryID)
	if err != nil {
		return w.d.outcome(log, err)
	}
	log = log.WithFields(logrus.Fields{logctx.Event: d.Event, logctx.Action: d.Action, logctx.Installation: d.InstallationID})
	follow, err := w.d.Dispatcher.Dispatch(ctx, d.Event, d.Payload)
	if err != nil {
		return w.d.outcome(log, err)
	}
	for _, args := range follow {
		if err := w.d.Store.Enqueue(ctx, args, nil); err != nil {
			return w.d.outcome(log, err)
		}
	}
	log.WithField("jobs", len(follow)).Debug("delivery processed")
	return nil
}
