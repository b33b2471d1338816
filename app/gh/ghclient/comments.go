package ghclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
)

// PostComment implements gh.Client: Comment, returning the comment's id.
func (c *client) PostComment(ctx context.Context, owner, name string, number int, body string) (int64, error) {
	id, err := c.comment(ctx, owner, name, number, body)
	return id, c.fail(fmt.Sprintf("comment on %s/%s#%d", owner, name, number), err)
}

// EditComment implements gh.Client; a deleted comment is gh.ErrNotFound.
func (c *client) EditComment(ctx context.Context, owner, name string, id int64, body string) error {
	_, _, err := c.gh.Issues.EditComment(ctx, owner, name, id, &github.IssueComment{Body: &body})
	return c.fail(fmt.Sprintf("edit comment %d in %s/%s", id, owner, name), err)
}

// FindComment implements gh.Client, reading every page of the issue's comments.
func (c *client) FindComment(ctx context.Context, owner, name string, number int, marker string) (int64, error) {
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: pageSize}}
	for {
		list, resp, err := c.gh.Issues.ListComments(ctx, owner, name, number, opt)
		if err != nil {
			return 0, c.fail(fmt.Sprintf("list comments of %s/%s#%d", owner, name, number), err)
		}
		for _, cm := range list {
			if strings.Contains(cm.GetBody(), marker) {
				return cm.GetID(), nil
			}
		}
		if resp.NextPage == 0 {
			return 0, nil
		}
		opt.Page = resp.NextPage
	}
}
