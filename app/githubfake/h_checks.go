package githubfake

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/google/go-github/v60/github"
)

// createCheckRun serves POST /repos/{owner}/{repo}/check-runs.
func createCheckRun(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	var req github.CreateCheckRunOptions
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if req.Name == "" {
		return invalid("CheckRun", "name", "missing_field", "")
	}
	if _, ok := r.git.get(req.HeadSHA, "commit"); !ok {
		return invalid("CheckRun", "head_sha", "invalid", "No commit found for SHA: "+req.HeadSHA)
	}
	cr := &checkRun{id: c.st.newID(), suite: c.suite(r, req.HeadSHA), name: req.Name, headSHA: req.HeadSHA,
		status: "queued", started: c.now}
	if req.StartedAt != nil {
		cr.started = req.StartedAt.UTC()
	}
	u := checkUpdate{status: req.Status, conclusion: req.Conclusion, completedAt: req.CompletedAt, output: req.Output,
		externalID: req.ExternalID, detailsURL: req.DetailsURL}
	if bad := u.apply(cr, c.now); bad != nil {
		return *bad
	}
	r.checks[cr.id] = cr
	return createdReply(c.checkRunJSON(r, cr))
}

// suite returns the check suite id for the app's runs on a commit.
func (c *call) suite(r *repo, sha string) int64 {
	if id, ok := r.suites[sha]; ok {
		return id
	}
	r.suites[sha] = c.st.newID()
	return r.suites[sha]
}

func (c *call) checkRun(r *repo) (*checkRun, *reply) {
	id, _ := strconv.ParseInt(c.vars["id"], 10, 64)
	cr, ok := r.checks[id]
	if !ok {
		return nil, errReply(http.StatusNotFound, "Not Found")
	}
	return cr, nil
}

// getCheckRun serves GET /repos/{owner}/{repo}/check-runs/{id}.
func getCheckRun(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cr, bad := c.checkRun(r)
	if bad != nil {
		return *bad
	}
	return okReply(c.checkRunJSON(r, cr))
}

// updateCheckRun serves PATCH /repos/{owner}/{repo}/check-runs/{id}. Output
// text replaces the old; annotations add to the ones already there.
func updateCheckRun(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cr, bad := c.checkRun(r)
	if bad != nil {
		return *bad
	}
	var req github.UpdateCheckRunOptions
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	u := checkUpdate{status: req.Status, conclusion: req.Conclusion, completedAt: req.CompletedAt, output: req.Output,
		externalID: req.ExternalID, detailsURL: req.DetailsURL}
	next := *cr
	if bad := u.apply(&next, c.now); bad != nil {
		return *bad
	}
	if req.Name != "" {
		next.name = req.Name
	}
	*cr = next
	return okReply(c.checkRunJSON(r, cr))
}

// listCheckRunsForRef serves GET /repos/{owner}/{repo}/commits/{ref}/check-runs
// with check_name, status and filter (latest, the default, keeps the newest
// run per name; all keeps every run).
func listCheckRunsForRef(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	sha, ok := resolveCommit(r, c.vars["ref"])
	if !ok {
		return invalid("CheckRun", "ref", "invalid", "No commit found for SHA: "+c.vars["ref"])
	}
	q := c.r.URL.Query()
	list := matchingRuns(r, sha, q.Get("check_name"), q.Get("status"), q.Get("filter") != "all")
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(list), &rep)
	out := &github.ListCheckRunsResults{Total: num(len(list)), CheckRuns: []*github.CheckRun{}}
	for _, cr := range list[lo:hi] {
		out.CheckRuns = append(out.CheckRuns, c.checkRunJSON(r, cr))
	}
	rep.body = out
	return rep
}

func matchingRuns(r *repo, sha, name, status string, latest bool) []*checkRun {
	newest := map[string]*checkRun{}
	var list []*checkRun
	for _, cr := range r.checks {
		if cr.headSHA != sha || (name != "" && cr.name != name) || (status != "" && cr.status != status) {
			continue
		}
		list = append(list, cr)
		if n := newest[cr.name]; n == nil || n.id < cr.id {
			newest[cr.name] = cr
		}
	}
	if latest {
		list = list[:0]
		for _, cr := range newest {
			list = append(list, cr)
		}
	}
	sort.Slice(list, func(a, b int) bool { return list[a].id > list[b].id })
	return list
}

// listAnnotations serves GET /repos/{owner}/{repo}/check-runs/{id}/annotations.
func listAnnotations(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	cr, bad := c.checkRun(r)
	if bad != nil {
		return *bad
	}
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(cr.annotations), &rep)
	out := []*github.CheckRunAnnotation{}
	for _, a := range cr.annotations[lo:hi] {
		out = append(out, annotationJSON(a))
	}
	rep.body = out
	return rep
}
