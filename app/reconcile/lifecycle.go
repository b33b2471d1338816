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
	r.logger(ctx).WithField(logctx.Repo, t.String()).WithField(logctx.Service, svc.Name).WithField("state", state).Info("service state changed")
	return r.store.SetServiceState(ctx, svc.ID, state)
}
