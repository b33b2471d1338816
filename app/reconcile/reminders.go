package reconcile

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/prchq/prc/checklist/owners"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/repo"
)

// reminderStore is what reminders keep in the store.
type reminderStore interface {
	Repository(ctx context.Context, id int64) (store.Repository, error)
	SetOwners(ctx context.Context, serviceID int64, owners []string) error
	Reminder(ctx context.Context, serviceID int64) (store.Reminder, error)
	SaveReminder(ctx context.Context, r store.Reminder) (bool, error)
}

// saveAttempts bounds the retries of a reminder save that lost a race with another writer.
const saveAttempts = 3

// recordOwners resolves who owns a service from the evaluated tree and records them when they
// changed.
func (r *Reconciler) recordOwners(ctx context.Context, repo gh.Repo, snap repo.Snapshot, results checklist.ServiceReport) error {
	svc, err := r.store.EnsureService(ctx, repo.ID, results.Name)
	if err != nil {
		return err
	}
	res := owners.Resolve(snap, results.Path, repo.Owner)
	if res.Problem != "" {
		r.logger(ctx).WithFields(fieldsOf(repo, svc.Name)).WithField("problem", res.Problem).Info("owners file unreadable")
	}
	if slices.Equal(res.Handles, svc.Owners) {
		return nil
	}
	return r.store.SetOwners(ctx, svc.ID, res.Handles)
}

// trackProgress runs after a service's issue was upserted: an item that turned green since
// the saved evaluation, before, is progress; the next reminder is scheduled from the last one.
func (r *Reconciler) trackProgress(ctx context.Context, w *issueWork, before store.Service) error {
	prev, ok := loadSaved(before)
	progressed := ok && turnedGreen(prev.Report.Services[0], w.rep.Services[0])
	return r.reschedule(ctx, before.ID, w.rules.Org.Reminders, progressed)
}

// tickProgress counts accepted ticks that check a box as progress: of changes, those of the
// recorded items.
func (r *Reconciler) tickProgress(ctx context.Context, serviceID int64, changes []render.ParsedItem, recorded []string) error {
	if !slices.ContainsFunc(changes, func(c render.ParsedItem) bool { return c.Checked && slices.Contains(recorded, c.ID) }) {
		return nil
	}
	return r.reschedule(ctx, serviceID, nil, true)
}

// reopenProgress restarts the reminders of a reopened PRC issue: a reopening is an opening.
func (r *Reconciler) reopenProgress(ctx context.Context, t Target, number int) error {
	repo, err := r.store.RepositoryByName(ctx, t.Owner, t.Name)
	if err != nil {
		return ignoreNotFound(err)
	}
	svc, ok, err := r.serviceByIssue(ctx, repo.ID, number)
	if err != nil || !ok {
		return err
	}
	return r.reschedule(ctx, svc.ID, nil, true)
}

// turnedGreen reports whether an item unsatisfied before is satisfied now: a fix, a tick or a
// waiver. Items new to the checklist are not progress.
func turnedGreen(before, now checklist.ServiceReport) bool {
	was := map[string]bool{}
	for _, it := range before.Items {
		was[it.ID] = it.Status.Satisfied()
	}
	for _, it := range now.Items {
		if sat, known := was[it.ID]; known && !sat && it.Status.Satisfied() {
			return true
		}
	}
	return false
}

// reschedule records progress (when progressed) and recomputes when the service's next
// reminder falls due under cadence; a nil cadence keeps the one saved with the reminder. A
// service gets no reminder once launched or dismissed, or before its issue exists.
func (r *Reconciler) reschedule(ctx context.Context, serviceID int64, cadence *orgconfig.Reminders, progressed bool) error {
	for range saveAttempts {
		svc, err := r.store.ServiceByID(ctx, serviceID)
		if err != nil {
			return err
		}
		rem, err := r.store.Reminder(ctx, serviceID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			rem = store.Reminder{ServiceID: serviceID, ProgressAt: r.now()}
		case err != nil:
			return err
		case progressed:
			rem.ProgressAt, rem.Period = r.now(), 0
		}
		if cadence != nil || rem.Version == 0 {
			setCadence(&rem, cadence)
		}
		active, err := r.remindable(ctx, svc)
		if err != nil {
			return err
		}
		next := withDue(rem, active)
		if next.Version != 0 && sameSchedule(next, rem) && !progressed {
			return nil
		}
		if ok, err := r.store.SaveReminder(ctx, next); err != nil || ok {
			return err
		}
	}
	return ErrBusy
}

// remindable reports whether a service may be reminded: its issue is open and not dismissed,
// and it has not launched.
func (r *Reconciler) remindable(ctx context.Context, svc store.Service) (bool, error) {
	if svc.State != store.ServiceActive || svc.Untracked || svc.IssueNumber == 0 {
		return false, nil
	}
	launched, err := r.store.Launched(ctx, svc.ID)
	return !launched, err
}

// setCadence copies cadence into rem; nil clears it (the organisation sends no reminders).
func setCadence(rem *store.Reminder, cadence *orgconfig.Reminders) {
	if cadence == nil {
		rem.Every, rem.QuietDays, rem.Timezone = 0, nil, ""
		return
	}
	rem.Every, rem.QuietDays, rem.Timezone = cadence.Every, cadence.QuietDays, ""
	if cadence.Location != nil {
		rem.Timezone = cadence.Location.String()
	}
}

// cadenceOf is the cadence saved with rem; nil when it has none usable.
func cadenceOf(rem store.Reminder) *orgconfig.Reminders {
	if rem.Every <= 0 {
		return nil
	}
	loc, err := time.LoadLocation(rem.Timezone)
	if err != nil || rem.Timezone == "" {
		loc = time.UTC
	}
	return &orgconfig.Reminders{Every: rem.Every, QuietDays: rem.QuietDays, Location: loc}
}

// withDue sets when rem's next reminder falls due: the start of its next period, moved past
// quiet days; none when inactive or without a cadence.
func withDue(rem store.Reminder, active bool) store.Reminder {
	c := cadenceOf(rem)
	if !active || c == nil {
		rem.DueAt = time.Time{}
		return rem
	}
	rem.DueAt = dueAt(*c, rem.ProgressAt, rem.Period+1)
	return rem
}

// dueAt is when the reminder of period n (1 for the first) after progress falls due.
func dueAt(c orgconfig.Reminders, progress time.Time, n int) time.Time {
	return c.NextAllowed(progress.Add(time.Duration(n) * c.Every)).UTC()
}

// periodAt is the period now falls in since progress: at least one more than last.
func periodAt(c orgconfig.Reminders, progress, now time.Time, last int) int {
	return max(int(now.Sub(progress)/c.Every), last+1)
}

func sameSchedule(a, b store.Reminder) bool {
	return a.DueAt.Equal(b.DueAt) && a.Every == b.Every && slices.Equal(a.QuietDays, b.QuietDays) && a.Timezone == b.Timezone
}

func reminderFields(repo store.Repository, svc store.Service) map[string]any {
	return map[string]any{logctx.Repo: repo.FullName(), logctx.Service: svc.Name, logctx.Issue: svc.IssueNumber}
}
