package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// installationRepositories onboards repositories added to an installation, re-evaluating the
// repositories that keep their manifests in them, and forgets removed ones.
func (d *Dispatcher) installationRepositories(ctx context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.InstallationRepositoriesEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	inst := ev.GetInstallation()
	owner := inst.GetAccount().GetLogin()
	var out []river.JobArgs
	for _, r := range ev.RepositoriesAdded {
		sr := storeRepo(inst, r)
		if sr.Owner == "" {
			sr.Owner = owner
		}
		if err := d.store.UpsertRepository(ctx, sr); err != nil {
			return nil, err
		}
		added := jobs.Repo{InstallationID: inst.GetID(), Owner: sr.Owner, Name: sr.Name}
		out = append(out, jobs.ReconcileArgs{Repo: added, Reason: "repository added to the installation"})
		dependents, err := d.manifestDependents(ctx, added, "its manifests' repository "+sr.FullName()+" was added to the installation")
		if err != nil {
			return nil, err
		}
		out = append(out, dependents...)
	}
	for _, r := range ev.RepositoriesRemoved {
		if err := d.store.RemoveRepository(ctx, r.GetID()); err != nil {
			return nil, err
		}
	}
	return out, nil
}
