package ghclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// createOnce sends a request that creates something, which the transport never repeats by
// itself. After a transient failure (a 5xx, a dropped connection, a timeout: GitHub may have
// created it all the same) it waits with the retry backoff, looks for what it meant to create,
// and creates again only when the look finds nothing.
func (c *client) createOnce(ctx context.Context, op string, create func() error, look func() (bool, error)) error {
	err := create()
	for n := 1; transientCreate(err) && ctx.Err() == nil; n++ {
		if n >= c.retry.tries {
			c.log.WithFields(map[string]any{"op": op, "tries": n}).WithError(err).Warn("GitHub create failed; giving up after retries")
			c.metrics.countGaveUp(op)
			break
		}
		if werr := c.retry.wait(ctx, n); werr != nil {
			return werr
		}
		found, lerr := look()
		switch {
		case lerr != nil && transientCreate(lerr):
			err = lerr
			continue
		case lerr != nil:
			return lerr
		case found:
			c.log.WithField("op", op).Info("a create that seemed to fail had succeeded; not creating again")
			return nil
		}
		c.log.WithField("op", op).WithField("try", n+1).Info("creating again after a transient failure")
		err = create()
	}
	return err
}

// transientCreate is an error worth a look and another try.
func transientCreate(err error) bool {
	var ge *github.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil {
		return ge.Response.StatusCode >= 500
	}
	return err != nil && isTransient(err)
}

// createIssue opens an issue; after a transient failure it looks for one with the same title
// and body (lookForIssue) before opening it again.
func (c *client) createIssue(ctx context.Context, owner, name string, req *github.IssueRequest) (*github.Issue, error) {
	var made *github.Issue
	create := func() error {
		i, _, err := c.gh.Issues.Create(ctx, owner, name, req)
		made = i
		return err
	}
	look := func() (bool, error) {
		i, err := c.lookForIssue(ctx, owner, name, req)
		made = i
		return i != nil, err
	}
	err := c.createOnce(ctx, "POST /repos/{owner}/{repo}/issues", create, look)
	return made, err
}

// maxProbe bounds how many issue numbers past the newest listed one a look reads.
const maxProbe = 10

// lookForIssue finds an issue with req's title and body among the newest issues. A list can
// miss an issue opened a moment ago, so the numbers after the newest listed one are read one by
// one, which GitHub answers consistently, until one does not exist.
func (c *client) lookForIssue(ctx context.Context, owner, name string, req *github.IssueRequest) (*github.Issue, error) {
	opt := &github.IssueListByRepoOptions{State: "all", Sort: "created", Direction: "desc", ListOptions: github.ListOptions{PerPage: pageSize}}
	list, _, err := c.gh.Issues.ListByRepo(ctx, owner, name, opt)
	if err != nil {
		return nil, err
	}
	newest := 0
	for _, i := range list {
		newest = max(newest, i.GetNumber())
		if sameIssue(i, req) {
			return i, nil
		}
	}
	for n := newest + 1; n <= newest+maxProbe; n++ {
		i, resp, err := c.gh.Issues.Get(ctx, owner, name, n)
		switch {
		case resp != nil && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone):
			return nil, nil
		case err != nil:
			return nil, err
		case sameIssue(i, req):
			return i, nil
		}
	}
	return nil, nil
}

func sameIssue(i *github.Issue, req *github.IssueRequest) bool {
	return !i.IsPullRequest() && i.GetTitle() == req.GetTitle() && sameText(i.GetBody(), req.GetBody())
}

// comment posts a comment and returns its id; after a transient failure it looks among the
// issue's comments for one with the same body, written since the first try, before posting again.
func (c *client) comment(ctx context.Context, owner, name string, number int, body string) (int64, error) {
	since := c.now()
	var id int64
	create := func() error {
		cm, _, err := c.gh.Issues.CreateComment(ctx, owner, name, number, &github.IssueComment{Body: &body})
		id = cm.GetID()
		return err
	}
	look := func() (bool, error) {
		opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: pageSize}}
		for {
			list, resp, err := c.gh.Issues.ListComments(ctx, owner, name, number, opt)
			if err != nil {
				return false, err
			}
			for _, cm := range list {
				if sameText(cm.GetBody(), body) && !cm.GetCreatedAt().Add(skew).Before(since) {
					id = cm.GetID()
					return true, nil
				}
			}
			if resp.NextPage == 0 {
				return false, nil
			}
			opt.Page = resp.NextPage
		}
	}
	err := c.createOnce(ctx, "POST /repos/{owner}/{repo}/issues/{number}/comments", create, look)
	return id, err
}

// skew allows for GitHub's clock running behind ours when judging "written since".
const skew = 2 * time.Minute

// sameText compares bodies as GitHub stores them, line endings aside.
func sameText(a, b string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(a) == norm(b)
}
