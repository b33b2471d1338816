package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
)

// labelIssue adds label to issue n and delivers issues.labeled.
func (e *env) labelIssue(r *githubfake.Repo, n int, label, login string) {
	e.fake.AddLabelToIssue(r.Owner, r.Name, n, label)
	p := e.payload("issues/labeled", r)
	fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, n))
	fixtures.Set(p, "label", map[string]any{"name": label, "id": 99})
	fixtures.Set(p, "sender", map[string]any{"login": login, "type": "User"})
	e.deliver("issues", p)
	e.settle()
}

func TestLaunchGatingOnTheIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("checkout", map[string]string{"README.md": "# checkout\n"})
		e.fake.SetPermission(org, r.Name, "alice", "maintain")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number

		e.labelIssue(r, n, "launch", "alice")
		if slices.Contains(e.fake.Labels(r.Owner, r.Name, n), "launch") {
			t.Fatal("the launch label stayed on an incomplete checklist")
		}
		cs := e.fake.Comments(r.Owner, r.Name, n)
		if len(cs) != 1 || !strings.Contains(cs[0].Body, "docs.runbook") || !strings.Contains(cs[0].Body, "docs.review") || strings.Contains(cs[0].Body, "docs.readme") {
			t.Fatalf("comment listing the missing items = %+v", cs)
		}

		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"RUNBOOK.md": "# runbook\n"})
		e.deliver("push", e.pushPayload(r, "RUNBOOK.md"))
		e.settle()
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		e.labelIssue(r, n, "launch", "alice")
		if !slices.Contains(e.fake.Labels(r.Owner, r.Name, n), "launch") {
			t.Fatal("the launch label was removed from a complete checklist")
		}
		svc, _ := e.app.Store().Service(context.Background(), r.ID, "checkout")
		launches, err := e.app.Store().Launches(context.Background(), svc.ID)
		if err != nil || len(launches) != 1 || launches[0].User != "alice" || launches[0].ChecklistVersion != "1" {
			t.Errorf("launches = %+v, %v", launches, err)
		}

		base := e.fake.Head(org, r.Name, r.DefaultBranch)
		e.fake.Push(org, r.Name, "docs", map[string]string{"docs/notes.md": "notes\n"})
		pr, head := e.fake.OpenPullRequest(org, r.Name, "docs", r.DefaultBranch)
		e.deliver("pull_request", e.prPayload("opened", r, pr, head, base))
		e.eventually("a check run", func() bool { return len(e.fake.CheckRuns(org, r.Name, head)) > 0 })
		if run := e.fake.CheckRuns(org, r.Name, head)[0]; run.Conclusion != "success" || run.Title != "Ready to launch" {
			t.Errorf("check run on a complete checklist = %s %q", run.Conclusion, run.Title)
		}
	})
}

// prPayload is a pull_request event for pull request n of r.
func (e *env) prPayload(action string, r *githubfake.Repo, n int, headSHA, baseSHA string, labels ...string) map[string]any {
	p := e.payload("pull_request/"+map[string]string{"labeled": "labeled", "synchronize": "synchronize"}[action]+map[bool]string{true: "opened"}[action == "opened" || action == "reopened"], r)
	fixtures.Set(p, "action", action)
	fixtures.Set(p, "number", n)
	var ls []any
	for _, l := range labels {
		ls = append(ls, map[string]any{"name": l})
		fixtures.Set(p, "label", map[string]any{"name": l})
	}
	fixtures.Set(p, "pull_request", map[string]any{"number": n, "state": "open", "labels": ls,
		"head": map[string]any{"sha": headSHA, "ref": "feature"}, "base": map[string]any{"sha": baseSHA, "ref": r.DefaultBranch}})
	return p
}

func TestPullRequestCheck(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("cart", map[string]string{"README.md": "# cart\n", ".github/prc.yml": "service: cart\n"})
		base := e.fake.Head(org, r.Name, r.DefaultBranch)
		e.fake.Push(org, r.Name, "feature", map[string]string{"RUNBOOK.md": "# runbook\n", "README.md": githubfake.Deleted, "deploy/app.yaml": "image: cart:latest\n",
			".github/prc.yml": "service: cart\nwaivers: [{item: docs.readme, reason: r, expires: 2099-01-01, approvedBy: x}]\n"})
		n, head := e.fake.OpenPullRequest(org, r.Name, "feature", r.DefaultBranch)
		e.deliver("pull_request", e.prPayload("opened", r, n, head, base))
		e.eventually("a check run", func() bool { return len(e.fake.CheckRuns(org, r.Name, head)) > 0 })
		e.settle()
		runs := e.fake.CheckRuns(org, r.Name, head)
		if len(runs) != 1 {
			t.Fatalf("%d check runs", len(runs))
		}
		run := runs[0]
		if run.Name != "Production readiness" || run.Status != "completed" || run.Conclusion != "neutral" {
			t.Errorf("run = %s %s %s", run.Name, run.Status, run.Conclusion)
		}
		if !strings.Contains(run.Summary, "fixes docs.runbook") || !strings.Contains(run.Summary, "regresses docs.readme") {
			t.Errorf("summary lacks the change against the base (the PR's own waiver must not count):\n%s", run.Summary)
		}
		if !strings.Contains(run.Text, "`security.no-latest`") || !strings.Contains(run.Text, "`deploy/app.yaml`:1 uses a latest image") || !strings.Contains(run.Text, "Fix: pin image tags") {
			t.Errorf("text lacks the failing item's details:\n%s", run.Text)
		}
		if len(run.Annotations) != 1 || run.Annotations[0].Path != "deploy/app.yaml" || run.Annotations[0].StartLine != 1 {
			t.Errorf("annotations = %+v", run.Annotations)
		}

		e.fake.AddLabelToIssue(org, r.Name, n, "launch")
		e.deliver("pull_request", e.prPayload("labeled", r, n, head, base, "launch"))
		e.settle()
		if slices.Contains(e.fake.Labels(org, r.Name, n), "launch") {
			t.Errorf("the launch label stayed on a pull request of an incomplete service; issues %+v; comments %+v", e.fake.Issues(org, r.Name), e.fake.Comments(org, r.Name, n))
		}
		e.deliver("check_run", e.checkRunPayload(r, head, n))
		e.settle()
		if runs := e.fake.CheckRuns(org, r.Name, head); len(runs) != 1 {
			t.Errorf("a re-requested check made %d runs, want the one updated", len(runs))
		}
	})
}

func TestLaunchLabelFailsTheCheck(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("pay", map[string]string{"README.md": "# pay\n", ".github/prc.yml": "service: pay\n"})
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		e.fake.AddLabelToIssue(org, r.Name, n, "launch")
		base := e.fake.Head(org, r.Name, r.DefaultBranch)
		e.fake.Push(org, r.Name, "feature", map[string]string{"x.txt": "x"})
		pr, head := e.fake.OpenPullRequest(org, r.Name, "feature", r.DefaultBranch)
		e.deliver("check_suite", e.checkSuitePayload(r, head, base, pr))
		e.eventually("a check run", func() bool { return len(e.fake.CheckRuns(org, r.Name, head)) > 0 })
		if run := e.fake.CheckRuns(org, r.Name, head)[0]; run.Conclusion != "failure" {
			t.Errorf("conclusion = %s, want failure while the PRC issue carries the launch label", run.Conclusion)
		}
	})
}

func (e *env) checkRunPayload(r *githubfake.Repo, head string, n int) map[string]any {
	p := e.payload("check_run/rerequested", r)
	fixtures.Set(p, "check_run", map[string]any{"id": 1, "name": "Production readiness", "head_sha": head,
		"pull_requests": []any{map[string]any{"number": n, "base": map[string]any{"sha": ""}}}})
	return p
}

func (e *env) checkSuitePayload(r *githubfake.Repo, head, base string, n int) map[string]any {
	p := e.payload("check_suite/requested", r)
	fixtures.Set(p, "check_suite", map[string]any{"id": 1, "head_sha": head,
		"pull_requests": []any{map[string]any{"number": n, "base": map[string]any{"sha": base}}}})
	return p
}
