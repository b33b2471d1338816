package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// maxTreeTags bounds the branches whose tree answers are remembered, about 100 bytes each.
const maxTreeTags = 100_000

// treeTags remembers, for each branch read as a whole tree, the answer's ETag and root tree SHA:
// enough to ask GitHub whether the branch's files changed, answered 304 at no rate-limit cost,
// without keeping the tree itself.
type treeTags struct {
	mu    sync.Mutex
	byKey map[string]treeTag
}

type treeTag struct{ etag, sha string }

func treeKey(owner, name, ref string) string { return repoKey(owner, name) + "\x00" + ref }

func (t *treeTags) get(key string) (treeTag, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tag, ok := t.byKey[key]
	return tag, ok
}

func (t *treeTags) put(key string, resp *github.Response, sha string) {
	if resp == nil || resp.Header.Get("ETag") == "" || sha == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byKey == nil {
		t.byKey = map[string]treeTag{}
	}
	for k := range t.byKey {
		if len(t.byKey) < maxTreeTags {
			break
		}
		delete(t.byKey, k)
	}
	t.byKey[key] = treeTag{etag: resp.Header.Get("ETag"), sha: sha}
}

// ReadTree implements gh.Client: files, symbolic links and submodules, never directories.
// GitHub takes a branch name where a tree SHA goes, which saves resolving the branch first.
func (c *client) ReadTree(ctx context.Context, owner, name, ref string) (gh.Tree, error) {
	t, resp, err := c.gh.Git.GetTree(ctx, owner, name, ref, true)
	if err != nil {
		return gh.Tree{}, c.fail(fmt.Sprintf("read tree %s of %s/%s", ref, owner, name), err)
	}
	commit := ""
	if fullSHA.MatchString(ref) {
		commit = strings.ToLower(ref)
	} else {
		c.trees.put(treeKey(owner, name, ref), resp, t.GetSHA())
	}
	return toTree(commit, t), nil
}

// TreeSHA implements gh.Client. A branch this client read the tree of is asked about with that
// answer's ETag, so an unchanged branch costs one request answered 304.
func (c *client) TreeSHA(ctx context.Context, owner, name, ref string) (string, error) {
	op := fmt.Sprintf("read tree %s of %s/%s", ref, owner, name)
	key := treeKey(owner, name, ref)
	req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/git/trees/%s?recursive=1", owner, name, ref), nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	tag, known := c.trees.get(key)
	if known {
		req.Header.Set("If-None-Match", tag.etag)
	}
	var t github.Tree
	resp, err := c.gh.Do(ctx, req, &t)
	if known && resp != nil && resp.StatusCode == http.StatusNotModified {
		return tag.sha, nil
	}
	if err != nil {
		return "", c.fail(op, err)
	}
	if t.GetSHA() == "" {
		return "", fmt.Errorf("%s: GitHub returned no SHA", op)
	}
	c.trees.put(key, resp, t.GetSHA())
	return t.GetSHA(), nil
}
