package githubfake

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
)

var labelColor = regexp.MustCompile(`^[0-9a-fA-F]{6}$`)

// listRepoLabels serves GET /repos/{owner}/{repo}/labels, by name.
func listRepoLabels(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	var names []string
	for _, l := range r.labels {
		names = append(names, l.name)
	}
	sort.Strings(names)
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(names), &rep)
	rep.body = c.labelsJSON(r, names[lo:hi])
	return rep
}

// createLabel serves POST /repos/{owner}/{repo}/labels; an existing name is a 422.
func createLabel(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	var req github.Label
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	name := strings.TrimSpace(req.GetName())
	color := strings.TrimPrefix(req.GetColor(), "#")
	switch {
	case name == "":
		return invalid("Label", "name", "missing_field", "")
	case r.label(name) != nil:
		return invalid("Label", "name", "already_exists", "")
	case req.Color != nil && !labelColor.MatchString(color):
		return invalid("Label", "color", "invalid", "")
	}
	l := c.st.ensureLabel(r, name)
	if req.Color != nil {
		l.color = strings.ToLower(color)
	}
	l.description = req.GetDescription()
	return createdReply(c.labelJSON(r, name))
}

// getLabel serves GET /repos/{owner}/{repo}/labels/{name}.
func getLabel(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	l := r.label(c.vars["name"])
	if l == nil {
		return notFound()
	}
	return okReply(c.labelJSON(r, l.name))
}

// listIssueLabels serves GET /repos/{owner}/{repo}/issues/{number}/labels.
func listIssueLabels(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(i.labels), &rep)
	rep.body = c.labelsJSON(r, i.labels[lo:hi])
	return rep
}

// addIssueLabels serves POST /repos/{owner}/{repo}/issues/{number}/labels and
// answers with all the issue's labels. Unknown labels are created.
func addIssueLabels(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	names, ok := parseLabelNames(c.body)
	if !ok {
		return *errReply(http.StatusBadRequest, "Problems parsing JSON")
	}
	if len(names) == 0 {
		return invalid("Label", "labels", "missing_field", "")
	}
	c.st.addLabels(r, i, names)
	i.updated = c.now
	return okReply(c.labelsJSON(r, i.labels))
}

// parseLabelNames accepts every body shape GitHub does: ["a"],
// {"labels": ["a"]} and {"labels": [{"name": "a"}]}.
func parseLabelNames(body []byte) ([]string, bool) {
	var list []string
	if json.Unmarshal(body, &list) == nil {
		return list, true
	}
	var wrapped struct {
		Labels []json.RawMessage `json:"labels"`
	}
	if json.Unmarshal(body, &wrapped) != nil {
		return nil, false
	}
	for _, raw := range wrapped.Labels {
		var s string
		var obj struct {
			Name string `json:"name"`
		}
		switch {
		case json.Unmarshal(raw, &s) == nil:
			list = append(list, s)
		case json.Unmarshal(raw, &obj) == nil && obj.Name != "":
			list = append(list, obj.Name)
		default:
			return nil, false
		}
	}
	return list, true
}

// removeIssueLabel serves DELETE /repos/{owner}/{repo}/issues/{number}/labels/{name}:
// 404 when the issue does not carry it, otherwise the labels left.
func removeIssueLabel(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	i, bad := c.liveIssue(r)
	if bad != nil {
		return *bad
	}
	if !i.removeLabel(c.vars["name"]) {
		return *errReply(http.StatusNotFound, "Label does not exist")
	}
	i.updated = c.now
	return okReply(c.labelsJSON(r, i.labels))
}
