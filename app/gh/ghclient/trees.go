package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// ReadTree implements gh.Client: files, symbolic links and submodules, never directories.
// GitHub takes a branch name where a tree SHA goes, which saves resolving the branch first;
// the answer's ETag comes with such a tree, for TreeSHA.
func (c *client) ReadTree(ctx context.Context, owner, name, ref string) (gh.Tree, error) {
	t, resp, err := c.gh.Git.GetTree(ctx, owner, name, ref, true)
	if err != nil {
		return gh.Tree{}, c.fail(fmt.Sprintf("read tree %s of %s/%s", ref, owner, name), err)
	}
	if fullSHA.MatchString(ref) {
		return toTree(strings.ToLower(ref), t), nil
	}
	tree := toTree("", t)
	tree.ETag = resp.Header.Get("ETag")
	return tree, nil
}

// TreeSHA implements gh.Client with the same request as ReadTree's, made conditional on last's
// ETag: the 304 names no tree, so last's SHA is the answer. Nothing is kept in the process, so
// the caller's stored tag works on any replica and after a restart.
func (c *client) TreeSHA(ctx context.Context, owner, name, branch string, last gh.TreeTag) (gh.TreeTag, error) {
	op := fmt.Sprintf("read tree %s of %s/%s", branch, owner, name)
	req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/git/trees/%s?recursive=1", owner, name, branch), nil)
	if err != nil {
		return gh.TreeTag{}, fmt.Errorf("%s: %w", op, err)
	}
	if last.ETag != "" && last.SHA != "" {
		req.Header.Set("If-None-Match", last.ETag)
	}
	var t github.Tree
	resp, err := c.gh.Do(ctx, req, &t)
	if resp != nil && resp.StatusCode == http.StatusNotModified && last.SHA != "" {
		return last, nil
	}
	if err != nil {
		return gh.TreeTag{}, c.fail(op, err)
	}
	if t.GetSHA() == "" {
		return gh.TreeTag{}, fmt.Errorf("%s: GitHub returned no SHA", op)
	}
	return gh.TreeTag{SHA: t.GetSHA(), ETag: resp.Header.Get("ETag")}, nil
}
