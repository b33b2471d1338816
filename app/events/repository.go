package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// repository gives every new repository a PRC issue and follows renames, transfers, deletions
// and edits, among them topic changes that signal a launch.
func (d *Dispatcher) repository(ctx context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.RepositoryEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	inst, repo := ev.GetInstallation(), ev.GetRepo()
	switch ev.GetAction() {
	case "created":
		if err := d.store.UpsertRepository(ctx, storeRepo(inst, repo)); err != nil {
			return nil, err
		}
		return []river.JobArgs{jobs.ReconcileArgs{Repo: jobRepo(inst, repo), Force: true, Reason: "repository created"}}, nil
	case "deleted":
		return nil, d.store.RemoveRepository(ctx, repo.GetID())
	default:
		return []river.JobArgs{jobs.ReconcileArgs{Repo: jobRepo(inst, repo), Reason: "repository " + ev.GetAction(), Sender: ev.GetSender().GetLogin()}}, nil
	}
}
