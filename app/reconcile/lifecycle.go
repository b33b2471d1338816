package reconcile

import (
	"context"

	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
)

// IssueClosed marks the service of a PRC issue a person closed as dismissed: its issue stays
// closed, its pull-request checks continue.
func (r *Reconciler) IssueClosed(ctx context.Context, t Target, number int) error {
	return r.setIssueState(ctx, t, number, store.ServiceDismissed)
}

// IssueReopened makes a dismissed service active again and refreshes its issue. Its reminders
// count from the reopening.
func (r *Reconciler) IssueReopened(ctx context.Context, t Target, number int) error {
	if err := r.setIssueState(ctx, t, number, store.ServiceActive); err != nil {
		return err
	}
	if err := r.reopenProgress(ctx, t, number); err != nil {
		return err
	}
	return r.Repository(ctx, t, false)
}

func (r *Reconciler) setIssueState(ctx context.Context, t Target, number int, state string) error {
	repo, err := r.store.RepositoryByName(ctx, t.Owner, t.Name)
	if err != nil {
		return ignoreNotFound(err)
	}
	svc, ok, err := r.serviceByIssue(ctx, repo.ID, number)
	if err != nil || !ok || svc.State == state {
		return err
	}
	// Under the service's lock, so that prc's own closing of an untracked service's issue is
	// recognised: it marks the service untracked before it lets go.
	return r.withLock(ctx, issueLock(repo.ID, svc.Name), func() error {
		svc, err := r.store.ServiceByID(ctx, svc.ID)
		if err != nil || svc.State == state || (svc.Untracked && state == store.ServiceDismissed) {
			return err
		}
		r.logger(ctx).WithField(logctx.Repo, t.String()).WithField(logctx.Service, svc.Name).WithField("state", state).Info("service state changed")
		return r.store.SetServiceState(ctx, svc.ID, state)
	})
}
