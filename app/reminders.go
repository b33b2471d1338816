package app

import (
	"context"
	"time"

	"github.com/prchq/prc/app/jobs"
)

// reminderSweep is how often each process looks for due reminders: often enough that a
// reminder every 30 s is posted within 5 s of falling due, and cheap (one indexed query).
const reminderSweep = time.Second

// SweepReminders enqueues a job for each reminder due now and returns how many there were.
// The App sweeps every second on its own; tests that moved the clock call it to sweep at once.
func (a *App) SweepReminders(ctx context.Context) (int, error) {
	return jobs.SweepReminders(ctx, a.store, a.now())
}

func (a *App) sweepReminders(ctx context.Context) {
	failing := false
	every(ctx, reminderSweep, false, func(ctx context.Context) {
		_, err := a.SweepReminders(ctx)
		if err != nil && !failing && ctx.Err() == nil {
			a.log.WithError(err).Warn("reminder sweep failed; retrying every second")
		}
		failing = err != nil
	})
}
