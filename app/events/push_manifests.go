package events

import (
	"context"
	"strings"

	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// manifestDependents are the reconciles that a change of repository pushed calls for in the
// repositories whose services keep their Kubernetes manifests there (`manifests: {repo, path}`),
// for the reason given. Each skips the evaluation when it would read what it read last time, so
// a change that does not move the default branch costs nothing more.
func (d *Dispatcher) manifestDependents(ctx context.Context, pushed jobs.Repo, reason string) ([]river.JobArgs, error) {
	repos, err := d.store.ManifestDependents(ctx, pushed.InstallationID, pushed.Owner, pushed.Name)
	if err != nil {
		return nil, err
	}
	var out []river.JobArgs
	for _, r := range repos {
		if strings.EqualFold(r.FullName(), pushed.Owner+"/"+pushed.Name) {
			continue
		}
		target := jobs.Repo{InstallationID: pushed.InstallationID, Owner: r.Owner, Name: r.Name}
		out = append(out, jobs.ReconcileArgs{Repo: target, SkipUnchanged: true, Reason: reason})
	}
	return out, nil
}
