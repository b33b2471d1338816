package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/reconcile"
	"github.com/riverqueue/river"
)

// WithOrgPush has the Dispatcher call pushed for every push to the default branch of an
// organisation's `.github` repository, so that what is cached of its prc settings is dropped
// before the evaluations the push calls for.
func WithOrgPush(pushed func(installationID int64, owner string)) Option {
	return func(d *Dispatcher) { d.orgPush = pushed }
}

// push re-evaluates a repository when its default branch moves, and the repositories whose
// services keep their manifests in it. A change to the organisation's prc settings re-evaluates
// the whole installation.
func (d *Dispatcher) push(ctx context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.PushEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	repo := ev.GetRepo()
	branch := repo.GetDefaultBranch()
	if branch == "" {
		branch = repo.GetMasterBranch()
	}
	if ev.GetDeleted() || (branch != "" && ev.GetRef() != "refs/heads/"+branch) {
		return nil, nil
	}
	inst := ev.GetInstallation()
	owner := repo.GetOwner().GetLogin()
	if owner == "" {
		owner = repo.GetOwner().GetName()
	}
	if repo.GetName() == reconcile.OrgRepo {
		d.orgPush(inst.GetID(), owner)
	}
	if reconcile.OrgSettingsChanged(repo.GetName(), changedPaths(ev)) {
		return []river.JobArgs{jobs.BackfillArgs{InstallationID: inst.GetID()}}, nil
	}
	target := jobs.Repo{InstallationID: inst.GetID(), Owner: owner, Name: repo.GetName()}
	dependents, err := d.manifestDependents(ctx, target, "push to its manifests in "+target.Owner+"/"+target.Name)
	if err != nil {
		return nil, err
	}
	return append([]river.JobArgs{jobs.ReconcileArgs{Repo: target, SkipUnchanged: true, Reason: "push to " + ev.GetRef()}}, dependents...), nil
}

// changedPaths lists every path the commits of a push added, modified or removed.
func changedPaths(ev github.PushEvent) []string {
	var out []string
	for _, c := range ev.Commits {
		out = append(append(append(out, c.Added...), c.Modified...), c.Removed...)
	}
	return out
}
