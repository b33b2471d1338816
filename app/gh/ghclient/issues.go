package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// FindIssues implements gh.Client: open and closed issues carrying label, every page, without
// pull requests, and with the issues this client opened a moment ago that the list may not
// show yet.
func (c *client) FindIssues(ctx context.Context, owner, name, label string) ([]gh.Issue, error) {
	out := []gh.Issue{}
	opt := &github.IssueListByRepoOptions{State: "all", Labels: []string{label}, ListOptions: github.ListOptions{PerPage: pageSize}}
	for {
		list, resp, err := c.gh.Issues.ListByRepo(ctx, owner, name, opt)
		if err != nil {
			return nil, c.fail(fmt.Sprintf("find issues labelled %q in %s/%s", label, owner, name), err)
		}
		for _, i := range list {
			if !i.IsPullRequest() {
				out = append(out, toIssue(i))
			}
		}
		if resp.NextPage == 0 {
			return c.withRecent(ctx, owner, name, label, out)
		}
		opt.Page = resp.NextPage
	}
}

// Issue implements gh.Client; a deleted issue (410) is gh.ErrNotFound.
func (c *client) Issue(ctx context.Context, owner, name string, number int) (gh.Issue, error) {
	i, _, err := c.gh.Issues.Get(ctx, owner, name, number)
	if err != nil {
		return gh.Issue{}, c.fail(fmt.Sprintf("read issue %s/%s#%d", owner, name, number), err)
	}
	return toIssue(i), nil
}

// CreateIssue implements gh.Client; in.State is ignored, as GitHub opens every new issue.
// After a failure that may have opened it anyway, it looks before opening it again.
func (c *client) CreateIssue(ctx context.Context, owner, name string, in gh.IssueInput) (gh.Issue, error) {
	op := "create issue in " + owner + "/" + name
	if in.Title == nil || *in.Title == "" {
		return gh.Issue{}, errors.New(op + ": a title is required")
	}
	req := &github.IssueRequest{Title: in.Title, Body: in.Body}
	if in.Labels != nil {
		req.Labels = &in.Labels
	}
	i, err := c.createIssue(ctx, owner, name, req)
	if err != nil {
		return gh.Issue{}, c.fail(op, err)
	}
	c.recent.add(owner, name, i.GetNumber())
	return toIssue(i), nil
}

// EditIssue implements gh.Client: nil fields are left alone; non-nil Labels replace the labels.
func (c *client) EditIssue(ctx context.Context, owner, name string, number int, in gh.IssueInput) (gh.Issue, error) {
	req := &github.IssueRequest{Title: in.Title, Body: in.Body, State: in.State}
	if in.Labels != nil {
		req.Labels = &in.Labels
	}
	i, _, err := c.gh.Issues.Edit(ctx, owner, name, number, req)
	if err != nil {
		return gh.Issue{}, c.fail(fmt.Sprintf("edit issue %s/%s#%d", owner, name, number), err)
	}
	return toIssue(i), nil
}

// Comment implements gh.Client; after a failure that may have posted it anyway, it looks
// before posting again.
func (c *client) Comment(ctx context.Context, owner, name string, number int, body string) error {
	_, err := c.comment(ctx, owner, name, number, body)
	return c.fail(fmt.Sprintf("comment on %s/%s#%d", owner, name, number), err)
}

// EnsureLabel implements gh.Client: it creates the label without looking first, an existing
// label (422 already_exists) is left as it is, and a label this client saw exist in the
// repository is not asked about again. It reads nothing, so opening a first PRC issue costs no
// read for its label.
func (c *client) EnsureLabel(ctx context.Context, owner, name, label, color, description string) error {
	if c.labels.known(owner, name, label) {
		return nil
	}
	l := &github.Label{Name: &label}
	if color != "" {
		l.Color = &color
	}
	if description != "" {
		l.Description = &description
	}
	_, _, err := c.gh.Issues.CreateLabel(repeatable(ctx), owner, name, l)
	if err == nil || hasErrorCode(err, "already_exists") {
		c.labels.add(owner, name, label)
		return nil
	}
	return c.fail(fmt.Sprintf("ensure label %q in %s/%s", label, owner, name), err)
}

// AddLabel implements gh.Client.
func (c *client) AddLabel(ctx context.Context, owner, name string, number int, label string) error {
	_, _, err := c.gh.Issues.AddLabelsToIssue(repeatable(ctx), owner, name, number, []string{label})
	return c.fail(fmt.Sprintf("add label %q to %s/%s#%d", label, owner, name, number), err)
}

// RemoveLabel implements gh.Client: a label that is not there (404) is not an error.
func (c *client) RemoveLabel(ctx context.Context, owner, name string, number int, label string) error {
	_, err := c.gh.Issues.RemoveLabelForIssue(ctx, owner, name, number, url.PathEscape(label))
	if statusCode(err) == 404 {
		return nil
	}
	return c.fail(fmt.Sprintf("remove label %q from %s/%s#%d", label, owner, name, number), err)
}

func toIssue(i *github.Issue) gh.Issue {
	out := gh.Issue{Number: i.GetNumber(), Title: i.GetTitle(), Body: i.GetBody(), State: i.GetState(), Author: i.GetUser().GetLogin()}
	for _, l := range i.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}
