package githubfake

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/google/go-github/v60/github"
)

// listComments serves GET /repos/{owner}/{repo}/issues/{number}/comments, oldest first.
func listComments(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(i.comments), &rep)
	out := []*github.IssueComment{}
	for _, id := range i.comments[lo:hi] {
		out = append(out, c.commentJSON(r, r.comments[id]))
	}
	rep.body = out
	return rep
}

// createComment serves POST /repos/{owner}/{repo}/issues/{number}/comments.
func createComment(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	var req github.IssueComment
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if req.GetBody() == "" {
		return invalid("IssueComment", "body", "missing_field", "")
	}
	if bad := bodyTooLong("IssueComment", req.GetBody()); bad != nil {
		return *bad
	}
	cm := c.st.addComment(r, i, c.f.BotLogin(), req.GetBody(), c.now)
	return createdReply(c.commentJSON(r, cm))
}

// comment resolves {id} to a comment on a live issue.
func (c *call) comment(r *repo) (*comment, *reply) {
	id, _ := strconv.ParseInt(c.vars["id"], 10, 64)
	cm, ok := r.comments[id]
	if !ok {
		return nil, errReply(http.StatusNotFound, "Not Found")
	}
	if r.issues[cm.issue].deleted {
		return nil, errReply(http.StatusGone, "This issue was deleted")
	}
	return cm, nil
}

// getComment serves GET /repos/{owner}/{repo}/issues/comments/{id}.
func getComment(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cm, bad := c.comment(r)
	if bad != nil {
		return *bad
	}
	return okReply(c.commentJSON(r, cm))
}

// editComment serves PATCH /repos/{owner}/{repo}/issues/comments/{id}.
func editComment(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cm, bad := c.comment(r)
	if bad != nil {
		return *bad
	}
	var req github.IssueComment
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if req.GetBody() == "" {
		return invalid("IssueComment", "body", "missing_field", "")
	}
	if bad := bodyTooLong("IssueComment", req.GetBody()); bad != nil {
		return *bad
	}
	cm.body, cm.updated = req.GetBody(), c.now
	return okReply(c.commentJSON(r, cm))
}

// deleteComment serves DELETE /repos/{owner}/{repo}/issues/comments/{id}.
func deleteComment(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cm, bad := c.comment(r)
	if bad != nil {
		return *bad
	}
	i := r.issues[cm.issue]
	i.comments = slices.DeleteFunc(i.comments, func(id int64) bool { return id == cm.id })
	delete(r.comments, cm.id)
	return noContent()
}
