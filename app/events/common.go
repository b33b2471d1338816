package events

import (
	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
)

// jobRepo names a payload's repository for job arguments.
func jobRepo(inst *github.Installation, r *github.Repository) jobs.Repo {
	return jobs.Repo{InstallationID: inst.GetID(), Owner: r.GetOwner().GetLogin(), Name: r.GetName()}
}

// storeRepo is a payload's repository as the store keeps it.
func storeRepo(inst *github.Installation, r *github.Repository) store.Repository {
	owner, name := r.GetOwner().GetLogin(), r.GetName()
	if owner == "" {
		owner, name = splitFullName(r.GetFullName())
	}
	return store.Repository{ID: r.GetID(), InstallationID: inst.GetID(), Owner: owner, Name: name,
		DefaultBranch: r.GetDefaultBranch(), Archived: r.GetArchived()}
}

func splitFullName(full string) (string, string) {
	for i := 0; i < len(full); i++ {
		if full[i] == '/' {
			return full[:i], full[i+1:]
		}
	}
	return "", full
}

func labelNames(labels []*github.Label) []string {
	var out []string
	for _, l := range labels {
		out = append(out, l.GetName())
	}
	return out
}

// checkArgs asks for the readiness check on headSHA, for the pull requests of a check suite or
// run; the base is the first pull request's.
func checkArgs(repo jobs.Repo, headSHA string, prs []*github.PullRequest) jobs.CheckArgs {
	check := jobs.CheckArgs{Repo: repo, HeadSHA: headSHA}
	for _, pr := range prs {
		check.Numbers = append(check.Numbers, pr.GetNumber())
		if check.BaseSHA == "" {
			check.BaseSHA = pr.GetBase().GetSHA()
		}
	}
	return check
}
