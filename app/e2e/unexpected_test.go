package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestChecklistVersionMigration(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		settings := e.withOrgChecklist(orgChecklist)
		r := e.repo("inventory", map[string]string{"README.md": "# inv\n"})
		e.fake.SetPermission(org, r.Name, "alice", "admin")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))

		v2 := strings.Replace(orgChecklist, `version: "1"`, `version: "2"`, 1)
		v2 = strings.Replace(v2, "      - id: docs.runbook\n        title: Runbook exists\n        hint: add RUNBOOK.md\n        kind: auto\n        check: {files: {any: [RUNBOOK.md]}}\n", "", 1)
		v2 += "      - id: security.scan\n        title: Images are scanned\n        kind: manual\n"
		e.fake.Push(org, settings.Name, settings.DefaultBranch, map[string]string{"prc/checklist.yaml": v2})
		e.deliver("push", e.pushPayload(settings, "prc/checklist.yaml"))
		e.settle()

		body := e.body(r, n)
		if !strings.Contains(body, `"version":"2"`) || strings.Contains(body, "docs.runbook") || !strings.Contains(body, "security.scan") {
			t.Errorf("issue not migrated to version 2:\n%s", body)
		}
		if ok, _ := itemState(t, body, "docs.review"); !ok {
			t.Error("the tick on docs.review was lost in the migration")
		}
		var migrations []string
		for _, c := range e.fake.Comments(r.Owner, r.Name, n) {
			if strings.Contains(c.Body, "version 1 to version 2") {
				migrations = append(migrations, c.Body)
			}
		}
		if len(migrations) != 1 || !strings.Contains(migrations[0], "security.scan") || !strings.Contains(migrations[0], "docs.runbook") {
			t.Errorf("want one comment listing the changes, got %q", migrations)
		}
	})
}

func TestClosedIssueStaysClosed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("legacy", map[string]string{"README.md": "# legacy\n"})
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		e.fake.CloseIssueAs("bob", r.Owner, r.Name, n)
		p := e.payload("issues/reopened", r)
		fixtures.Set(p, "action", "closed")
		fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, n))
		e.deliver("issues", p)
		e.settle()
		svc, err := e.app.Store().Service(context.Background(), r.ID, "legacy")
		if err != nil || svc.State != store.ServiceDismissed {
			t.Fatalf("service = %+v, %v; want dismissed", svc, err)
		}
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"RUNBOOK.md": "x"})
		e.deliver("push", e.pushPayload(r, "RUNBOOK.md"))
		e.settle()
		if is, _ := e.fake.Issue(r.Owner, r.Name, n); is.State != "closed" || len(e.prcIssues(r)) != 1 {
			t.Errorf("a dismissed issue was reopened or replaced: %+v", e.prcIssues(r))
		}
		base := e.fake.Head(org, r.Name, r.DefaultBranch)
		e.fake.Push(org, r.Name, "fix", map[string]string{"a.txt": "a"})
		pr, head := e.fake.OpenPullRequest(org, r.Name, "fix", r.DefaultBranch)
		e.deliver("pull_request", e.prPayload("opened", r, pr, head, base))
		e.eventually("the check run of a dismissed service's pull request", func() bool { return len(e.fake.CheckRuns(org, r.Name, head)) == 1 })

		e.fake.ReopenIssueAs("bob", r.Owner, r.Name, n)
		p = e.payload("issues/reopened", r)
		fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, n))
		e.deliver("issues", p)
		e.eventually("the reopened issue to show the pushed runbook", func() bool {
			is, _ := e.fake.Issue(r.Owner, r.Name, n)
			return is.State == "open" && strings.Contains(is.Body, "- [x] ✅ **pass** · Runbook exists")
		})
		if svc, err := e.app.Store().Service(context.Background(), r.ID, "legacy"); err != nil || svc.State != store.ServiceActive {
			t.Errorf("service = %+v, %v; want active after the reopen", svc, err)
		}
	})
}

func TestMarkersDeletedAreRebuilt(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("notify", map[string]string{"README.md": "# notify\n"})
		e.fake.SetPermission(org, r.Name, "alice", "write")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		stripped := regexp.MustCompile(`<!--[^>]*-->`).ReplaceAllString(e.body(r, n), "")
		e.editAs(r, n, "alice", stripped)
		body := e.body(r, n)
		if !strings.Contains(body, "<!-- prc:meta") {
			t.Fatalf("body not rebuilt:\n%s", body)
		}
		if ok, _ := itemState(t, body, "docs.review"); !ok {
			t.Error("the tick on docs.review was not kept")
		}
		cs := e.fake.Comments(r.Owner, r.Name, n)
		if len(cs) == 0 || !strings.Contains(cs[len(cs)-1].Body, "rebuilt") {
			t.Errorf("comments = %+v", cs)
		}
	})
}

func TestDeletedIssueIsRecreated(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("reports", map[string]string{"README.md": "# reports\n"})
		e.deliver("repository", e.payload("repository/created", r))
		first := e.onePRCIssue(r).Number
		e.fake.DeleteIssue(r.Owner, r.Name, first)
		// A push at the evaluated commit changes nothing; the next real push recreates the issue.
		e.fake.Push(r.Owner, r.Name, r.DefaultBranch, map[string]string{"CHANGELOG.md": "# 1\n"})
		e.deliver("push", e.pushPayload(r, "CHANGELOG.md"))
		e.settle()
		issues := e.prcIssues(r)
		if len(issues) != 1 || issues[0].Number == first {
			t.Fatalf("after deletion: %+v", issues)
		}
	})
}
