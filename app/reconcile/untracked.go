package reconcile

import (
	"context"
	"fmt"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
)

// untrackedComment is what prc says when it closes the issue of a service that left prc.yml.
const untrackedComment = "This service is no longer listed in `.github/prc.yml`, so prc no longer tracks it and closed this issue. " +
	"Its history is kept: list the service again and prc reopens this issue."

// retrackedComment is what prc says when it reopens the issue of a service listed again.
const retrackedComment = "This service is listed in `.github/prc.yml` again, so prc tracks it again and reopened this issue."

// untrackRemoved stops tracking the repository's services that its evaluation no longer has,
// those removed from prc.yml: an open PRC issue is closed with a comment, and the service is
// marked untracked, its rows kept. An evaluation without services changes nothing.
func (r *Reconciler) untrackRemoved(ctx context.Context, client gh.Client, repo gh.Repo, listed []checklist.ServiceReport) error {
	if len(listed) == 0 {
		return nil
	}
	names := make(map[string]bool, len(listed))
	for _, s := range listed {
		names[s.Name] = true
	}
	services, err := r.store.Services(ctx, repo.ID)
	if err != nil {
		return err
	}
	for _, svc := range services {
		if names[svc.Name] || svc.Untracked {
			continue
		}
		if err := r.withLock(ctx, issueLock(repo.ID, svc.Name), func() error { return r.untrack(ctx, client, repo, svc.ID) }); err != nil {
			return fmt.Errorf("service %s: %w", svc.Name, err)
		}
	}
	return nil
}

// untrack closes the service's open issue with a comment, then marks it untracked: a retry
// after a failure finds the issue still open, or closed and the mark missing, and finishes.
// The caller holds the service's lock, which the review of the closing event waits for.
func (r *Reconciler) untrack(ctx context.Context, client gh.Client, repo gh.Repo, id int64) error {
	svc, err := r.store.ServiceByID(ctx, id)
	if err != nil || svc.Untracked {
		return err
	}
	if svc.State == store.ServiceActive && svc.IssueNumber != 0 {
		issue, err := client.Issue(ctx, repo.Owner, repo.Name, svc.IssueNumber)
		switch {
		case err != nil && !isNotFound(err):
			return err
		case err == nil && issue.State == "open":
			if err := client.Comment(ctx, repo.Owner, repo.Name, svc.IssueNumber, untrackedComment); err != nil {
				return err
			}
			closed := "closed"
			if _, err := client.EditIssue(ctx, repo.Owner, repo.Name, svc.IssueNumber, gh.IssueInput{State: &closed}); err != nil {
				return err
			}
		}
	}
	if err := r.leaveCampaigns(ctx, repo, svc.ID); err != nil {
		return err
	}
	r.logger(ctx).WithFields(fieldsOf(repo, svc.Name)).WithField(logctx.Issue, svc.IssueNumber).Info("service no longer listed; untracked")
	return r.store.SetUntracked(ctx, svc.ID, true)
}

// retrack tracks a service listed again: the issue prc closed when it left is reopened, and the
// service is marked tracked. A service people dismissed stays dismissed, and a deleted issue is
// recreated as for any service. The caller holds the service's lock.
func (r *Reconciler) retrack(ctx context.Context, w *issueWork) error {
	if w.svc.State == store.ServiceActive && w.svc.IssueNumber != 0 {
		issue, err := w.client.Issue(ctx, w.repo.Owner, w.repo.Name, w.svc.IssueNumber)
		switch {
		case err != nil && !isNotFound(err):
			return err
		case err == nil && issue.State == "closed":
			open := "open"
			if _, err := w.client.EditIssue(ctx, w.repo.Owner, w.repo.Name, w.svc.IssueNumber, gh.IssueInput{State: &open}); err != nil {
				return err
			}
			if err := w.client.Comment(ctx, w.repo.Owner, w.repo.Name, w.svc.IssueNumber, retrackedComment); err != nil {
				return err
			}
		}
	}
	r.logger(ctx).WithFields(fieldsOf(w.repo, w.svc.Name)).Info("service listed again; tracked")
	w.svc.Untracked = false
	return r.store.SetUntracked(ctx, w.svc.ID, false)
}
