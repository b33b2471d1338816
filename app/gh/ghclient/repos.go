package ghclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/checklist/repo"
)

// pageSize is GitHub's largest page.
const pageSize = 100

var fullSHA = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// Repository implements gh.Client.
func (c *client) Repository(ctx context.Context, owner, name string) (gh.Repo, error) {
	r, _, err := c.gh.Repositories.Get(ctx, owner, name)
	if err != nil {
		return gh.Repo{}, c.fail("read repository "+owner+"/"+name, err)
	}
	return toRepo(r), nil
}

// InstallationRepos implements gh.Client, reading every page.
func (c *client) InstallationRepos(ctx context.Context) ([]gh.Repo, error) {
	var out []gh.Repo
	opt := &github.ListOptions{PerPage: pageSize}
	for {
		list, resp, err := c.gh.Apps.ListRepos(ctx, opt)
		if err != nil {
			return nil, c.fail(fmt.Sprintf("list repositories of installation %d", c.inst), err)
		}
		for _, r := range list.Repositories {
			out = append(out, toRepo(r))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// ResolveRef implements gh.Client: a full SHA is returned as is, anything else is a branch.
func (c *client) ResolveRef(ctx context.Context, owner, name, ref string) (string, error) {
	if fullSHA.MatchString(ref) {
		return strings.ToLower(ref), nil
	}
	branch := strings.TrimPrefix(strings.TrimPrefix(ref, "refs/"), "heads/")
	if branch == "" {
		return "", fmt.Errorf("resolve ref of %s/%s: empty ref", owner, name)
	}
	r, resp, err := c.gh.Git.GetRef(ctx, owner, name, "heads/"+branch)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return c.resolveByCommit(ctx, owner, name, ref)
	}
	if err != nil {
		return "", c.fail(fmt.Sprintf("resolve ref %q of %s/%s", ref, owner, name), err)
	}
	if r.GetObject().GetSHA() == "" {
		return "", fmt.Errorf("resolve ref %q of %s/%s: GitHub returned no SHA", ref, owner, name)
	}
	return r.GetObject().GetSHA(), nil
}

// resolveByCommit asks the commits API, which also knows tags and short SHAs, when no branch
// has the name.
func (c *client) resolveByCommit(ctx context.Context, owner, name, ref string) (string, error) {
	sha, resp, err := c.gh.Repositories.GetCommitSHA1(ctx, owner, name, ref, "")
	if resp != nil && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusUnprocessableEntity) {
		return "", fmt.Errorf("resolve ref %q of %s/%s: %w", ref, owner, name, gh.ErrNotFound)
	}
	if err != nil {
		return "", c.fail(fmt.Sprintf("resolve ref %q of %s/%s", ref, owner, name), err)
	}
	return sha, nil
}

func toTree(commitSHA string, t *github.Tree) gh.Tree {
	out := gh.Tree{SHA: t.GetSHA(), CommitSHA: commitSHA, Truncated: t.GetTruncated()}
	for _, e := range t.Entries {
		if e.GetType() != "blob" && e.GetMode() != gh.ModeSubmodule {
			continue
		}
		out.Entries = append(out.Entries, gh.TreeEntry{Path: e.GetPath(), SHA: e.GetSHA(), Size: int64(e.GetSize()), Mode: e.GetMode()})
	}
	return out
}

// ReadBlob implements gh.Client. A blob over repo.MaxFileSize is refused with repo.ErrTooLarge
// after reading at most one byte past the limit.
func (c *client) ReadBlob(ctx context.Context, owner, name, blobSHA string) ([]byte, error) {
	op := fmt.Sprintf("read blob %s of %s/%s", blobSHA, owner, name)
	req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/git/blobs/%s", owner, name, blobSHA), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	req.Header.Set("Accept", "application/vnd.github.raw")
	resp, err := c.gh.BareDo(ctx, req)
	if err != nil {
		return nil, c.fail(op, err)
	}
	defer func() { _ = resp.Body.Close() }() // read-only: nothing is lost if closing fails
	if resp.ContentLength > repo.MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes: %w", op, resp.ContentLength, repo.ErrTooLarge)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, repo.MaxFileSize+1))
	if err != nil {
		return nil, c.fail(op, err)
	}
	if len(b) > repo.MaxFileSize {
		return nil, fmt.Errorf("%s: over %d bytes: %w", op, repo.MaxFileSize, repo.ErrTooLarge)
	}
	return b, nil
}

// ReadFile implements gh.Client: a missing path, a directory, a symbolic link or a submodule
// is gh.ErrNotFound.
func (c *client) ReadFile(ctx context.Context, owner, name, ref, path string) ([]byte, error) {
	op := fmt.Sprintf("read %s at %s of %s/%s", path, ref, owner, name)
	if c.absent.absent(owner, name, ref, path) {
		return nil, fmt.Errorf("%s: absent a moment ago: %w", op, gh.ErrNotFound)
	}
	file, _, _, err := c.gh.Repositories.GetContents(ctx, owner, name, path, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		err = c.fail(op, err)
		if errors.Is(err, gh.ErrNotFound) {
			c.absent.remember(owner, name, ref, path)
		}
		return nil, err
	}
	if file == nil || file.GetType() != "file" {
		return nil, fmt.Errorf("%s: not a file: %w", op, gh.ErrNotFound)
	}
	if file.GetEncoding() == "none" || file.GetSize() > repo.MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes: %w", op, file.GetSize(), repo.ErrTooLarge)
	}
	s, err := file.GetContent()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return []byte(s), nil
}

// ReadDir implements gh.Client with the contents API, ETag-cached; an absent directory is
// remembered by the negative cache like an absent file.
func (c *client) ReadDir(ctx context.Context, owner, name, ref, dir string) ([]gh.TreeEntry, error) {
	op := fmt.Sprintf("list %s/ at %q of %s/%s", dir, ref, owner, name)
	if c.absent.absent(owner, name, ref, dir+"/") {
		return nil, fmt.Errorf("%s: absent a moment ago: %w", op, gh.ErrNotFound)
	}
	file, list, _, err := c.gh.Repositories.GetContents(ctx, owner, name, dir, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		err = c.fail(op, err)
		if errors.Is(err, gh.ErrNotFound) {
			c.absent.remember(owner, name, ref, dir+"/")
		}
		return nil, err
	}
	if file != nil {
		return nil, fmt.Errorf("%s: a file, not a directory: %w", op, gh.ErrNotFound)
	}
	out := []gh.TreeEntry{}
	for _, e := range list {
		if e.GetType() == "file" {
			out = append(out, gh.TreeEntry{Path: e.GetPath(), SHA: e.GetSHA(), Size: int64(e.GetSize()), Mode: "100644"})
		}
	}
	return out, nil
}

func toRepo(r *github.Repository) gh.Repo {
	return gh.Repo{ID: r.GetID(), Owner: r.GetOwner().GetLogin(), Name: r.GetName(), DefaultBranch: r.GetDefaultBranch(),
		Archived: r.GetArchived(), Private: r.GetPrivate(), HTMLURL: r.GetHTMLURL(), Topics: r.Topics}
}
