package events

import (
	"context"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// orgSettingsRepo is the repository whose prc/ folder holds the organisation's checklist.
const orgSettingsRepo = ".github"

// push re-evaluates a repository when its default branch moves. A change to the organisation's
// prc settings re-evaluates the whole installation.
func (d *Dispatcher) push(_ context.Context, payload []byte) ([]river.JobArgs, error) {
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
	target := jobs.Repo{InstallationID: inst.GetID(), Owner: owner, Name: repo.GetName()}
	if repo.GetName() == orgSettingsRepo && touches(ev, "prc/") {
		return []river.JobArgs{jobs.BackfillArgs{InstallationID: inst.GetID()}}, nil
	}
	return []river.JobArgs{jobs.ReconcileArgs{Repo: target, Reason: "push to " + ev.GetRef()}}, nil
}

// touches reports whether any commit of the push changed a path under prefix.
func touches(ev github.PushEvent, prefix string) bool {
	for _, c := range ev.Commits {
		for _, files := range [][]string{c.Added, c.Modified, c.Removed} {
			for _, f := range files {
				if strings.HasPrefix(f, prefix) {
					return true
				}
			}
		}
	}
	return false
}
