package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/prchq/prc/app/gh"
)

// permissionLevel is GitHub's collaborator permission answer. go-github v60 lacks role_name,
// which tells maintain from write and triage from read.
type permissionLevel struct {
	Permission string `json:"permission"`
	RoleName   string `json:"role_name"`
}

var knownRoles = map[string]bool{
	gh.PermAdmin: true, gh.PermMaintain: true, gh.PermWrite: true, gh.PermTriage: true, gh.PermRead: true, gh.PermNone: true,
}

// Permission implements gh.Client: the user's role when it is a standard one, else the
// legacy permission level (admin, write, read or none).
func (c *client) Permission(ctx context.Context, owner, name, user string) (string, error) {
	op := fmt.Sprintf("read permission of %s on %s/%s", user, owner, name)
	u := fmt.Sprintf("repos/%s/%s/collaborators/%s/permission", owner, name, url.PathEscape(user))
	req, err := c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	var level permissionLevel
	if _, err := c.gh.Do(ctx, req, &level); err != nil {
		return "", c.fail(op, err)
	}
	if knownRoles[level.RoleName] {
		return level.RoleName, nil
	}
	if !knownRoles[level.Permission] {
		return "", fmt.Errorf("%s: unknown permission %q", op, level.Permission)
	}
	return level.Permission, nil
}

// PullRequest implements gh.Client.
func (c *client) PullRequest(ctx context.Context, owner, name string, number int) (gh.PullRequest, error) {
	pr, _, err := c.gh.PullRequests.Get(ctx, owner, name, number)
	if err != nil {
		return gh.PullRequest{}, c.fail(fmt.Sprintf("read pull request %s/%s#%d", owner, name, number), err)
	}
	out := gh.PullRequest{Number: pr.GetNumber(), HeadSHA: pr.GetHead().GetSHA(), HeadRef: pr.GetHead().GetRef(),
		BaseSHA: pr.GetBase().GetSHA(), BaseRef: pr.GetBase().GetRef(), State: pr.GetState()}
	for _, l := range pr.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out, nil
}
