package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist/render"
)

// itemState reads an item's box from an issue body.
func itemState(t testing.TB, body, id string) (checked bool, line string) {
	t.Helper()
	parsed, err := render.ParseBody(body)
	if err != nil {
		t.Fatalf("parse body: %v\n%s", err, body)
	}
	for _, it := range parsed.Items {
		if it.ID == id {
			return it.Checked, strings.Split(body, "\n")[it.Line-1]
		}
	}
	t.Fatalf("no item %s in body", id)
	return false, ""
}

// withOrgChecklist gives the organisation its own checklist.
func (e *env) withOrgChecklist(text string) *githubfake.Repo {
	return e.repo(".github", map[string]string{"prc/checklist.yaml": text})
}

func TestAutoVerificationFollowsPushes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("catalog", map[string]string{"README.md": "# catalog\n"})
		e.deliver("repository", e.payload("repository/created", r))
		issue := e.onePRCIssue(r)
		if ok, line := itemState(t, issue.Body, "docs.runbook"); ok || !strings.Contains(line, "fail") {
			t.Fatalf("runbook before the push: %s", line)
		}
		if !strings.Contains(issue.Body, "acme") {
			t.Errorf("issue is not rendered from the organisation checklist:\n%s", issue.Body)
		}
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"RUNBOOK.md": "# runbook\n"})
		e.deliver("push", e.pushPayload(r, "RUNBOOK.md"))
		e.eventually("docs.runbook to pass", func() bool {
			is, _ := e.fake.Issue(org, r.Name, issue.Number)
			ok, _ := itemState(t, is.Body, "docs.runbook")
			return ok
		})
		e.settle()
		edits := e.fake.Requests().ByRoute["PATCH /repos/{owner}/{repo}/issues/{number}"]
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"src/main.go": "package main\n"})
		e.deliver("push", e.pushPayload(r, "src/main.go"))
		e.settle()
		if got := e.fake.Requests().ByRoute["PATCH /repos/{owner}/{repo}/issues/{number}"]; got != edits {
			t.Errorf("a push that changes no result edited the issue (%d edits, was %d)", got, edits)
		}
		e.deliver("push", e.pushPayload(r))
		e.settle()
		if n := len(e.prcIssues(r)); n != 1 {
			t.Errorf("%d PRC issues", n)
		}
	})
}

func TestBrokenConfigKeepsLastGood(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		settings := e.withOrgChecklist(orgChecklist)
		r := e.repo("gateway", map[string]string{"README.md": "# gw\n", ".github/prc.yml": "service: edge\ntier: critical\n"})
		e.deliver("repository", e.payload("repository/created", r))
		e.onePRCIssue(r)
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{".github/prc.yml": "service: edge\ntier: gold\n"})
		e.fake.Push(org, settings.Name, settings.DefaultBranch, map[string]string{"prc/checklist.yaml": strings.Replace(orgChecklist, "kind: manual", "kind: manul", 1)})
		e.deliver("push", e.pushPayload(settings, "prc/checklist.yaml"))
		e.deliver("push", e.pushPayload(r, ".github/prc.yml"))
		e.settle()
		issue := e.onePRCIssue(r)
		for _, want := range []string{"last good version", "unknown tier", "acme", "edge", "critical", `kind must be auto or manual`} {
			if !strings.Contains(issue.Body, want) {
				t.Errorf("issue body lacks %q:\n%s", want, issue.Body)
			}
		}
		if issue.Title != "Production readiness: edge" {
			t.Errorf("title = %q: the last good configuration must stay in force", issue.Title)
		}
	})
}

func TestBlobsAreReadOncePerContent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("blobs", map[string]string{"README.md": "# blobs\n", "deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "src/a.go": "package a\n"})
		e.deliver("repository", e.payload("repository/created", r))
		e.onePRCIssue(r)
		const blobs = "GET /repos/{owner}/{repo}/git/blobs/{sha}"
		first := e.fake.Requests().ByRoute[blobs]
		if first == 0 {
			t.Fatal("no blob was read")
		}
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"docs/notes.txt": "unrelated\n"})
		e.deliver("push", e.pushPayload(r, "docs/notes.txt"))
		e.settle()
		if got := e.fake.Requests().ByRoute[blobs]; got != first {
			t.Errorf("a push of a file no check reads made %d more blob reads", got-first)
		}
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"README.md": "# blobs\n\nnow longer\n"})
		e.deliver("push", e.pushPayload(r, "README.md"))
		e.settle()
		if got := e.fake.Requests().ByRoute[blobs]; got != first+1 {
			t.Errorf("a changed README made %d blob reads, want 1", got-first)
		}
	})
}

func TestMonorepoGetsOneIssuePerService(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("platform", map[string]string{
			".github/prc.yml":        "services:\n  - {name: api, path: services/api}\n  - {name: worker, path: services/worker, tier: experimental}\n",
			"services/api/README.md": "# api\n", "services/worker/RUNBOOK.md": "# runbook\n",
		})
		e.deliver("repository", e.payload("repository/created", r))
		e.eventually("two PRC issues", func() bool { return len(e.prcIssues(r)) == 2 })
		e.settle()
		issues := e.prcIssues(r)
		if len(issues) != 2 {
			t.Fatalf("%d PRC issues, want 2", len(issues))
		}
		titles := map[string]string{}
		for _, is := range issues {
			titles[is.Title] = is.Body
		}
		api, worker := titles["Production readiness: api"], titles["Production readiness: worker"]
		if ok, _ := itemState(t, api, "docs.readme"); !ok {
			t.Error("api's own README must count")
		}
		if ok, _ := itemState(t, worker, "docs.readme"); ok {
			t.Error("worker has no README of its own")
		}
		if !strings.Contains(worker, "experimental") || !strings.Contains(api, "services/api/README.md") {
			t.Errorf("bodies do not show tier and repository paths:\n%s\n%s", api, worker)
		}
	})
}
