package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
)

// dueQueue answers a fixed list of due reminders and collects what is enqueued.
type dueQueue struct {
	fakeStore
	due    []store.DueReminder
	asked  time.Time
	dueErr error
}

func (q *dueQueue) DueReminders(_ context.Context, now time.Time, limit int) ([]store.DueReminder, error) {
	q.asked = now
	if len(q.due) > limit {
		return q.due[:limit], q.dueErr
	}
	return q.due, q.dueErr
}

func TestSweepRemindersEnqueuesOneJobPerDueReminder(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 3, 1, 11, 59, 30, 0, time.UTC)
	q := &dueQueue{due: []store.DueReminder{{ServiceID: 3, DueAt: due}, {ServiceID: 5, DueAt: due.Add(time.Second)}}}
	n, err := SweepReminders(context.Background(), q, testNow)
	if err != nil || n != 2 || !q.asked.Equal(testNow) {
		t.Fatalf("SweepReminders = %d, %v (asked at %v)", n, err, q.asked)
	}
	want := []river.JobArgs{RemindArgs{ServiceID: 3, Due: due.Unix()}, RemindArgs{ServiceID: 5, Due: due.Unix() + 1}}
	if len(q.enqueued) != 2 || q.enqueued[0] != want[0] || q.enqueued[1] != want[1] {
		t.Errorf("enqueued %+v, want %+v", q.enqueued, want)
	}
	if opts := (RemindArgs{}).InsertOpts(); !opts.UniqueOpts.ByArgs {
		t.Error("remind jobs are not unique by their arguments, so two sweeps could post twice")
	}
	q.dueErr = errors.New("database gone")
	if _, err := SweepReminders(context.Background(), q, testNow); err == nil {
		t.Error("a failed query was ignored")
	}
}

// reminders records the services it is asked to remind and answers err.
type reminders struct {
	asked []int64
	err   error
}

func (r *reminders) Remind(_ context.Context, id int64) error {
	r.asked = append(r.asked, id)
	return r.err
}

func TestRemindWorker(t *testing.T) {
	t.Parallel()
	h := newHarness()
	rem := &reminders{}
	h.d.Reminders = rem
	w := &remindWorker{d: h.d}
	if err := w.Work(context.Background(), job(RemindArgs{ServiceID: 4, Due: 1})); err != nil || len(rem.asked) != 1 || rem.asked[0] != 4 {
		t.Fatalf("Work = %v, asked %v", err, rem.asked)
	}
	rem.err = reconcile.ErrBusy
	var snooze *river.JobSnoozeError
	if err := w.Work(context.Background(), job(RemindArgs{ServiceID: 4, Due: 1})); !errors.As(err, &snooze) {
		t.Errorf("a busy service gave %v, want a snooze", err)
	}
}
