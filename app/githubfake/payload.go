package githubfake

import "github.com/google/go-github/v60/github"

// IssueObject renders an issue or pull request exactly as the API would, for
// building webhook payloads ("issue" in issues.* events). It returns nil for
// a missing or deleted issue.
func (f *Fake) IssueObject(owner, repoName string, n int) *github.Issue {
	var out *github.Issue
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		if i, err := r.issue(n); err == nil {
			out = f.renderer(st).issueJSON(r, i)
		}
		return nil
	})
	return out
}

// RepoObject renders a repository as the API would, for the "repository"
// field of webhook payloads.
func (f *Fake) RepoObject(owner, repoName string) *github.Repository {
	var out *github.Repository
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		out = f.renderer(st).repoJSON(r)
		return nil
	})
	return out
}

// renderer is a call with no request, enough to run the render functions.
func (f *Fake) renderer(st *state) *call {
	return &call{f: f, st: st, now: f.now()}
}
