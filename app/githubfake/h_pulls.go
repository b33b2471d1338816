package githubfake

import (
	"net/http"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
)

// getPull serves GET /repos/{owner}/{repo}/pulls/{number}; issue numbers are 404.
func getPull(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	if i.pull == nil {
		return notFound()
	}
	return okReply(c.pullJSON(r, i))
}

// listPulls serves GET /repos/{owner}/{repo}/pulls with the state, head
// ("owner:branch") and base filters, newest first.
func listPulls(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	q := c.r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var list []*issue
	for _, i := range r.issues {
		if i.pull != nil && !i.deleted && (state == "all" || i.state == state) &&
			headMatches(r, i.pull.head, q.Get("head")) && (q.Get("base") == "" || q.Get("base") == i.pull.base) {
			list = append(list, i)
		}
	}
	sort.Slice(list, func(a, b int) bool { return list[a].number > list[b].number })
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(list), &rep)
	out := []*github.PullRequest{}
	for _, i := range list[lo:hi] {
		out = append(out, c.pullJSON(r, i))
	}
	rep.body = out
	return rep
}

// headMatches applies the head filter, "owner:branch"; GitHub ignores a
// filter without the owner part, and so does the fake.
func headMatches(r *repo, head, filter string) bool {
	owner, branch, ok := strings.Cut(filter, ":")
	if !ok {
		return true
	}
	return strings.EqualFold(owner, r.owner) && branch == head
}
