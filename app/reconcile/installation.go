package reconcile

import (
	"context"
	"errors"

	"github.com/prchq/prc/app/store"
)

// errInactive says the installation is suspended or uninstalled: there is nothing to do.
var errInactive = errors.New("installation is suspended or deleted")

// active reports whether prc works on an installation: it is neither suspended nor deleted. An
// installation the store does not know yet is active, since its events may arrive in any order.
func (r *Reconciler) active(ctx context.Context, id int64) (bool, error) {
	in, err := r.store.Installation(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return true, nil
	case err != nil:
		return false, err
	}
	return !in.Suspended && !in.Deleted, nil
}

// Backfill lists the repositories of an installation to reconcile: every repository it can see
// that is not archived, and none when it is suspended or deleted. Each reconcile then onboards
// the repository if it opted in, or the organisation onboards all.
func (r *Reconciler) Backfill(ctx context.Context, installationID int64) ([]Target, error) {
	if ok, err := r.active(ctx, installationID); !ok || err != nil {
		return nil, err
	}
	client, err := r.clients.Installation(ctx, installationID)
	if err != nil {
		return nil, err
	}
	repos, err := client.InstallationRepos(ctx)
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, repo := range repos {
		if !repo.Archived {
			out = append(out, Target{InstallationID: installationID, Owner: repo.Owner, Name: repo.Name})
		}
	}
	return out, nil
}

// ResyncInstallations lists the installations the periodic resync backfills: every active one.
func (r *Reconciler) ResyncInstallations(ctx context.Context) ([]int64, error) {
	installs, err := r.store.Installations(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, in := range installs {
		if !in.Deleted && !in.Suspended {
			out = append(out, in.ID)
		}
	}
	return out, nil
}
