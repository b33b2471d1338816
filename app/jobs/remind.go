package jobs

import (
	"context"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

// RemindArgs asks to post the reminder of a service that fell due at Due (Unix seconds).
type RemindArgs struct {
	ServiceID int64 `json:"service_id"`
	Due       int64 `json:"due"`
}

// Kind implements river.JobArgs.
func (RemindArgs) Kind() string { return "remind" }

// InsertOpts implements river.JobArgsWithInsertOpts: one job per service and due time, however
// many sweeps, in however many processes, see it due.
func (RemindArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Reminders is the use case the remind worker runs: *reconcile.Reconciler in production.
type Reminders interface {
	Remind(ctx context.Context, serviceID int64) error
}

type remindWorker struct {
	river.WorkerDefaults[RemindArgs]
	d Deps
}

// Work posts the service's reminder unless it is no longer due.
func (w *remindWorker) Work(ctx context.Context, job *river.Job[RemindArgs]) error {
	log := w.d.jobLog(job.JobRow, logrus.Fields{"service_id": job.Args.ServiceID})
	return w.d.outcome(log, w.d.Reminders.Remind(withLog(ctx, log), job.Args.ServiceID))
}

// DueQueue is what the reminder sweep reads and enqueues: *store.Store in production.
type DueQueue interface {
	DueReminders(ctx context.Context, now time.Time, limit int) ([]store.DueReminder, error)
	Enqueue(ctx context.Context, job river.JobArgs, opts *river.InsertOpts) error
}

// sweepBatch bounds the reminders one sweep enqueues; the next sweep takes the rest.
const sweepBatch = 200

// SweepReminders enqueues a remind job for every reminder due at now and returns how many it
// found. It runs every few seconds in every process: one indexed query, and the jobs' unique
// arguments keep the processes from doubling a reminder.
func SweepReminders(ctx context.Context, q DueQueue, now time.Time) (int, error) {
	due, err := q.DueReminders(ctx, now, sweepBatch)
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		if err := q.Enqueue(ctx, RemindArgs{ServiceID: d.ServiceID, Due: d.DueAt.Unix()}, nil); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}
