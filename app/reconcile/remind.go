package reconcile

import (
	"context"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

// Remind pings the owners of a service whose reminder fell due: it claims the period in the
// store with an update conditional on the reminder's version, so that one process of many
// posts it, then comments on the PRC issue. A reminder that is not due (any more), or whose
// service launched or was dismissed, is dropped. A failed comment gives the claim back for a
// retry; a process that dies between the claim and the comment loses that period's reminder
// rather than risk posting it twice (at most once). A reminder is due only while the service
// can be reminded: not in a removed or archived repository, nor a suspended installation.
func (r *Reconciler) Remind(ctx context.Context, serviceID int64) error {
	svc, err := r.store.ServiceByID(ctx, serviceID)
	if err != nil {
		return ignoreNotFound(err)
	}
	repo, err := r.store.Repository(ctx, svc.RepoID)
	if err != nil {
		return ignoreNotFound(err)
	}
	return r.withLock(ctx, issueLock(repo.ID, svc.Name), func() error { return r.remindLocked(ctx, repo, serviceID) })
}

// clockSkew is how far the clocks of two processes may disagree about a reminder being due.
const clockSkew = time.Minute

func (r *Reconciler) remindLocked(ctx context.Context, repo store.Repository, serviceID int64) error {
	svc, err := r.store.ServiceByID(ctx, serviceID)
	if err != nil {
		return ignoreNotFound(err)
	}
	rem, err := r.store.Reminder(ctx, serviceID)
	now := r.now()
	switch {
	case err != nil || rem.DueAt.IsZero():
		return ignoreNotFound(err)
	case now.Before(rem.DueAt.Add(-clockSkew)):
		return nil // progress moved it on
	case now.Before(rem.DueAt):
		return ErrBusy // the sweeping process's clock runs ahead of ours: wait for it to fall due here
	}
	c := cadenceOf(rem)
	if ok, err := r.mayRemind(ctx, repo, svc, rem); err != nil || !ok || c == nil {
		return err
	}
	claim := rem
	claim.Period, claim.RemindedAt = periodAt(*c, rem.ProgressAt, now, rem.Period), now
	claim = withDue(claim, true)
	switch ok, err := r.store.SaveReminder(ctx, claim); {
	case err != nil:
		return err
	case !ok:
		return ErrBusy // changed since read: look again, once the other writer is done
	}
	if err := r.postReminder(ctx, repo, svc, rem.ProgressAt, now); err != nil {
		r.giveBack(ctx, rem)
		return err
	}
	r.logger(ctx).WithFields(reminderFields(repo, svc)).WithField("period", claim.Period).WithField("due", rem.DueAt).Info("reminder posted")
	return nil
}

// mayRemind reports whether svc may be reminded now; when it may not, its reminder is
// unscheduled until a reconcile finds it remindable again.
func (r *Reconciler) mayRemind(ctx context.Context, repo store.Repository, svc store.Service, rem store.Reminder) (bool, error) {
	active, err := r.remindable(ctx, svc)
	if err != nil {
		return false, err
	}
	installed, err := r.active(ctx, repo.InstallationID)
	if err != nil {
		return false, err
	}
	if active && installed && !repo.Removed && !repo.Archived && cadenceOf(rem) != nil {
		return true, nil
	}
	_, err = r.store.SaveReminder(ctx, withDue(rem, false))
	return false, err
}

func (r *Reconciler) postReminder(ctx context.Context, repo store.Repository, svc store.Service, since, now time.Time) error {
	client, err := r.clients.Installation(ctx, repo.InstallationID)
	if err != nil {
		return err
	}
	results, err := r.currentReport(ctx, svc)
	if err != nil {
		results = checklist.ServiceReport{Name: svc.Name}
	}
	body := render.ReminderComment(render.Reminder{Owners: svc.Owners, Service: results, Quiet: now.Sub(since)})
	return client.Comment(ctx, repo.Owner, repo.Name, svc.IssueNumber, body)
}

// giveBack undoes a claim whose comment failed, unless the reminder changed since.
func (r *Reconciler) giveBack(ctx context.Context, before store.Reminder) {
	undo := before
	undo.Version++
	if _, err := r.store.SaveReminder(context.WithoutCancel(ctx), undo); err != nil {
		r.logger(ctx).WithError(err).WithField("service_id", before.ServiceID).Warn("reminder claim not given back; that period's reminder is lost")
	}
}
