package githubfake

import (
	"net/http"
	"strconv"

	"github.com/google/go-github/v60/github"
)

func (c *call) installation() (*installation, *reply) {
	id, _ := strconv.ParseInt(c.vars["id"], 10, 64)
	in, ok := c.st.installs[id]
	if !ok {
		return nil, errReply(http.StatusNotFound, "Not Found")
	}
	return in, nil
}

// createToken serves POST /app/installations/{id}/access_tokens.
func createToken(c *call) reply {
	in, bad := c.installation()
	if bad != nil {
		return *bad
	}
	if in.suspended {
		return *errReply(http.StatusForbidden, "This installation has been suspended")
	}
	t := c.st.newToken(in.id)
	return createdReply(&tokenJSON{InstallationToken: &github.InstallationToken{
		Token: str(t.value), ExpiresAt: ts(t.expires.UTC()),
	}, Permissions: in.granted()})
}

// getInstallation serves GET /app/installations/{id}.
func getInstallation(c *call) reply {
	in, bad := c.installation()
	if bad != nil {
		return *bad
	}
	acct := c.userJSON(in.account)
	return okReply(&installationJSON{Permissions: in.granted(), Installation: &github.Installation{
		ID: i64(in.id), NodeID: str(nodeID("Installation", in.id)), AppID: i64(c.f.cfg.appID), AppSlug: str(c.f.cfg.slug),
		TargetID: acct.ID, TargetType: acct.Type, Account: acct, RepositorySelection: str("selected"),
		Events:          []string{"check_run", "check_suite", "issues", "pull_request", "push", "repository"},
		AccessTokensURL: str(c.api("/app/installations/%d/access_tokens", in.id)),
		RepositoriesURL: str(c.api("/installation/repositories")),
		HTMLURL:         str(webURL + "/organizations/" + in.account + "/settings/installations/" + itoa64(in.id)),
		CreatedAt:       ts(in.created), UpdatedAt: ts(in.created),
	}})
}

// listInstallationRepos serves GET /installation/repositories.
func listInstallationRepos(c *call) reply {
	repos := c.st.sortedRepos(c.inst)
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(repos), &rep)
	out := &github.ListRepositories{TotalCount: num(len(repos)), Repositories: []*github.Repository{}}
	for _, r := range repos[lo:hi] {
		out.Repositories = append(out.Repositories, c.repoJSON(r))
	}
	rep.body = out
	return rep
}

// getRepo serves GET /repos/{owner}/{repo}.
func getRepo(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	return okReply(c.repoJSON(r))
}

// permissionLevel is GitHub's permission answer; go-github v60 lacks role_name.
type permissionLevel struct {
	Permission string       `json:"permission"`
	RoleName   string       `json:"role_name"`
	User       *github.User `json:"user"`
}

// getPermission serves GET /repos/{owner}/{repo}/collaborators/{user}/permission.
// As on GitHub, "permission" is the legacy level (maintain reads as write,
// triage as read) and role_name the actual role.
func getPermission(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	role, ok := r.perms[lower(c.vars["user"])]
	if !ok {
		role = "none"
		if !r.private {
			role = "read"
		}
	}
	return okReply(&permissionLevel{Permission: roles[role], RoleName: role, User: c.userJSON(c.vars["user"])})
}
