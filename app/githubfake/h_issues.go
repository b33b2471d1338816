package githubfake

import (
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// maxBodyChars is GitHub's limit on issue and comment bodies.
const maxBodyChars = 65536

// liveIssue resolves {number} to an issue or pull request: 404 when it never
// existed, 410 when it was deleted.
func (c *call) liveIssue(r *repo) (*issue, *reply) {
	i, ok := r.issues[c.number()]
	if !ok {
		return nil, errReply(http.StatusNotFound, "Not Found")
	}
	if i.deleted {
		return nil, errReply(http.StatusGone, "This issue was deleted")
	}
	return i, nil
}

func bodyTooLong(resource, body string) *reply {
	if utf8.RuneCountInString(body) <= maxBodyChars {
		return nil
	}
	rep := invalid(resource, "body", "custom", "body is too long (maximum is 65536 characters)")
	return &rep
}

// listIssues serves GET /repos/{owner}/{repo}/issues with the state, labels,
// creator, since, sort and direction filters. Pull requests are included,
// as on GitHub.
func listIssues(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	q := c.r.URL.Query()
	var list []*issue
	for _, i := range r.issues {
		if !i.deleted && !c.st.stale(i, c.now) && issueMatches(i, q.Get("state"), q.Get("labels"), q.Get("creator"), q.Get("since")) {
			list = append(list, i)
		}
	}
	sortIssues(list, q.Get("sort"), q.Get("direction"))
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(list), &rep)
	out := []*github.Issue{}
	for _, i := range list[lo:hi] {
		out = append(out, c.issueJSON(r, i))
	}
	rep.body = out
	return rep
}

func issueMatches(i *issue, state, labels, creator, since string) bool {
	if state == "" {
		state = "open"
	}
	if state != "all" && i.state != state {
		return false
	}
	if creator != "" && !strings.EqualFold(creator, i.author) {
		return false
	}
	if t, err := time.Parse(time.RFC3339, since); err == nil && i.updated.Before(t) {
		return false
	}
	for _, l := range strings.Split(labels, ",") {
		if l = strings.TrimSpace(l); l != "" && !i.hasLabel(l) {
			return false
		}
	}
	return true
}

func sortIssues(list []*issue, by, direction string) {
	key := func(i *issue) time.Time { return i.created }
	if by == "updated" {
		key = func(i *issue) time.Time { return i.updated }
	}
	asc := direction == "asc"
	sort.Slice(list, func(a, b int) bool {
		ka, kb := key(list[a]), key(list[b])
		if !ka.Equal(kb) {
			return ka.Before(kb) == asc
		}
		return (list[a].number < list[b].number) == asc
	})
}

// createIssue serves POST /repos/{owner}/{repo}/issues; the app's bot is the author.
func createIssue(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	var req github.IssueRequest
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if strings.TrimSpace(req.GetTitle()) == "" {
		return invalid("Issue", "title", "missing_field", "")
	}
	if bad := bodyTooLong("Issue", req.GetBody()); bad != nil {
		return *bad
	}
	i := c.st.newIssue(r, c.f.BotLogin(), req.GetTitle(), req.GetBody(), c.now)
	if req.Labels != nil {
		c.st.addLabels(r, i, *req.Labels)
	}
	return createdReply(c.issueJSON(r, i))
}

// getIssue serves GET /repos/{owner}/{repo}/issues/{number}.
func getIssue(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	return okReply(c.issueJSON(r, i))
}

// editIssue serves PATCH /repos/{owner}/{repo}/issues/{number}: title, body,
// state, state_reason and labels (which replace the current ones).
func editIssue(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	var req github.IssueRequest
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if bad := validateEdit(&req); bad != nil {
		return *bad
	}
	c.applyEdit(r, i, &req)
	return okReply(c.issueJSON(r, i))
}

func validateEdit(req *github.IssueRequest) *reply {
	if req.Title != nil && strings.TrimSpace(*req.Title) == "" {
		rep := invalid("Issue", "title", "missing_field", "")
		return &rep
	}
	if bad := bodyTooLong("Issue", req.GetBody()); bad != nil {
		return bad
	}
	if s := req.GetState(); req.State != nil && s != "open" && s != "closed" {
		rep := invalid("Issue", "state", "invalid", "")
		return &rep
	}
	switch req.GetStateReason() {
	case "", "completed", "not_planned", "reopened":
		return nil
	}
	rep := invalid("Issue", "state_reason", "invalid", "")
	return &rep
}

func (c *call) applyEdit(r *repo, i *issue, req *github.IssueRequest) {
	if req.Title != nil {
		i.title = *req.Title
	}
	if req.Body != nil {
		i.body = *req.Body
	}
	if req.Labels != nil {
		i.labels = nil
		c.st.addLabels(r, i, *req.Labels)
	}
	switch {
	case req.GetState() == "closed" && i.state == "open":
		i.close(c.f.BotLogin(), req.GetStateReason(), c.now)
	case req.GetState() == "open" && i.state == "closed":
		i.reopen(c.now)
	case req.StateReason != nil && i.state == "closed":
		i.stateReason = *req.StateReason
	}
	i.updated = c.now
}
