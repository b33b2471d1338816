package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store/storetest"
)

// regressionComments are the PRC issue's comments that announce a regression.
func (e *env) regressionComments(r *githubfake.Repo, n int) []githubfake.Comment {
	var out []githubfake.Comment
	for _, c := range e.fake.Comments(r.Owner, r.Name, n) {
		if strings.Contains(c.Body, "<!-- prc:regression ") {
			out = append(out, c)
		}
	}
	return out
}

// regressedOnDashboard is the regressed flag of a launched service in the dashboard's JSON API.
func (e *env) regressedOnDashboard(service string) bool {
	e.t.Helper()
	code, _, raw := e.apiGet("/api/v1/services", "")
	var list struct {
		Services []struct {
			Service             string
			Launched, Regressed bool
		}
	}
	if err := json.Unmarshal([]byte(raw), &list); code != http.StatusOK || err != nil {
		e.t.Fatalf("GET /api/v1/services = %d, %v: %s", code, err, raw)
	}
	for _, s := range list.Services {
		if s.Service == service && s.Launched {
			return s.Regressed
		}
	}
	e.t.Fatalf("service %s is not on the dashboard: %s", service, raw)
	return false
}

// page is the body of a dashboard page.
func (e *env) page(path string) string {
	e.t.Helper()
	resp, err := http.Get(e.url() + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// pushDefault commits files to r's default branch, delivers the push and returns the commit.
func (e *env) pushDefault(r *githubfake.Repo, files map[string]string) string {
	sha := e.fake.Push(org, r.Name, r.DefaultBranch, files)
	var changed []string
	for p := range files {
		changed = append(changed, p)
	}
	e.deliver("push", e.pushPayload(r, changed...))
	e.settle()
	return sha
}

// TestRegressionAfterLaunch launches a complete service, breaks a required item on the default
// branch, opens a pull request that would break another, and fixes the first.
func TestRegressionAfterLaunch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.stop()
		e.cfg.DashboardPublic = true
		e.boot(true)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("orders", map[string]string{"README.md": "# orders\n", "RUNBOOK.md": "# runbook\n", ".github/prc.yml": "service: orders\n"})
		e.fake.SetPermission(org, r.Name, "alice", "maintain")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		e.labelIssue(r, n, "launch", "alice")
		svc, err := e.app.Store().Service(context.Background(), r.ID, "orders")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := e.app.Store().Launched(context.Background(), svc.ID); err != nil || !ok {
			t.Fatalf("the launch of a complete checklist was not recorded (%v)", err)
		}

		broke := e.pushDefault(r, map[string]string{"deploy/app.yaml": "a: 1\nimage: orders:latest\n"})
		e.eventually("a regression comment", func() bool { return len(e.regressionComments(r, n)) > 0 })
		e.settle()
		assertMarked(t, e.body(r, n), broke)
		cs := e.regressionComments(r, n)
		if len(cs) != 1 || !strings.Contains(cs[0].Body, "fails since commit `"+broke+"`") || !strings.Contains(cs[0].Body, "/blob/"+broke+"/deploy/app.yaml#L2") {
			t.Fatalf("regression comments = %+v, want one naming the commit and the file", cs)
		}
		if !e.regressedOnDashboard("orders") {
			t.Error("the dashboard does not flag the regressed service")
		}
		if p := e.page("/services/acme/orders/orders"); !strings.Contains(p, "regressed since "+broke) {
			t.Errorf("the service page does not show the broken item:\n%s", p)
		}

		base := e.fake.Head(org, r.Name, r.DefaultBranch)
		e.fake.Push(org, r.Name, "drop-readme", map[string]string{"README.md": githubfake.Deleted})
		pr, head := e.fake.OpenPullRequest(org, r.Name, "drop-readme", r.DefaultBranch)
		e.deliver("pull_request", e.prPayload("opened", r, pr, head, base))
		e.eventually("a check run", func() bool { return len(e.fake.CheckRuns(org, r.Name, head)) > 0 })
		if run := e.fake.CheckRuns(org, r.Name, head)[0]; run.Conclusion != "failure" || !strings.HasPrefix(run.Title, "Regresses a launched service") {
			t.Errorf("check run of a pull request that breaks docs.readme = %s %q", run.Conclusion, run.Title)
		}

		fixed := e.pushDefault(r, map[string]string{"deploy/app.yaml": "a: 1\nimage: orders:1.4.2\n"})
		e.eventually("the regression comment edited", func() bool {
			cs := e.regressionComments(r, n)
			return len(cs) == 1 && strings.Contains(cs[0].Body, "no longer fails since commit `"+fixed+"`")
		})
		e.settle()
		if after := e.regressionComments(r, n); len(after) != 1 || after[0].ID != cs[0].ID || !strings.Contains(after[0].Body, broke) {
			t.Errorf("after the fix, regression comments = %+v, want comment %d edited", after, cs[0].ID)
		}
		if strings.Contains(e.body(r, n), "regressed since") {
			t.Errorf("the mark stayed after the fix:\n%s", e.body(r, n))
		}
		if e.regressedOnDashboard("orders") {
			t.Error("the dashboard still flags the recovered service")
		}
	})
}

// assertMarked checks that exactly security.no-latest's line is marked regressed since sha.
func assertMarked(t *testing.T, body, sha string) {
	t.Helper()
	var marked []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "regressed since") {
			marked = append(marked, l)
		}
	}
	if len(marked) != 1 || !strings.Contains(marked[0], "regressed since `"+sha[:7]+"`") || !strings.Contains(marked[0], "prc:item security.no-latest") {
		t.Errorf("marked lines = %q\nbody:\n%s", marked, body)
	}
}
