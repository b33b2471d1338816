package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
)

// toggle sets the box of item id in body, as a person clicking it would.
func toggle(t *testing.T, body, id string, checked bool) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^- \[[ x]\](.*<!-- prc:item ` + regexp.QuoteMeta(id) + ` -->)$`)
	box := "- [ ]"
	if checked {
		box = "- [x]"
	}
	out := re.ReplaceAllString(body, box+"$1")
	if out == body {
		t.Fatalf("toggling %s changed nothing", id)
	}
	return out
}

// editAs makes login edit the issue body and delivers issues.edited.
func (e *env) editAs(r *githubfake.Repo, n int, login, body string) {
	old := e.fake.EditIssueBodyAs(login, r.Owner, r.Name, n, body)
	p := e.payload("issues/edited", r)
	fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, n))
	fixtures.Set(p, "changes", map[string]any{"body": map[string]any{"from": old}})
	fixtures.Set(p, "sender", map[string]any{"login": login, "id": 7, "type": "User"})
	e.deliver("issues", p)
	e.settle()
}

func (e *env) body(r *githubfake.Repo, n int) string {
	is, _ := e.fake.Issue(r.Owner, r.Name, n)
	return is.Body
}

func TestTicking(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("profile", map[string]string{"README.md": "# profile\n"})
		e.fake.SetPermission(org, r.Name, "alice", "write")
		e.fake.SetPermission(org, r.Name, "mallory", "read")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number

		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		if ok, line := itemState(t, e.body(r, n), "docs.review"); !ok || !strings.Contains(line, "done") {
			t.Fatalf("alice's tick was not accepted: %s", line)
		}
		comments := len(e.fake.Comments(r.Owner, r.Name, n))

		e.editAs(r, n, "mallory", toggle(t, e.body(r, n), "docs.review", false))
		if ok, _ := itemState(t, e.body(r, n), "docs.review"); !ok {
			t.Error("mallory's untick was not reverted")
		}
		cs := e.fake.Comments(r.Owner, r.Name, n)
		if len(cs) != comments+1 || !strings.Contains(cs[len(cs)-1].Body, "@mallory") || !strings.Contains(cs[len(cs)-1].Body, "docs.review") {
			t.Fatalf("want one comment to mallory, got %+v", cs)
		}

		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.runbook", true))
		if ok, _ := itemState(t, e.body(r, n), "docs.runbook"); ok {
			t.Error("a tick on a failing auto item was not put back")
		}
		cs = e.fake.Comments(r.Owner, r.Name, n)
		if !strings.Contains(cs[len(cs)-1].Body, "verified automatically") {
			t.Errorf("last comment = %q", cs[len(cs)-1].Body)
		}

		svc, err := e.app.Store().Service(context.Background(), r.ID, "profile")
		if err != nil {
			t.Fatal(err)
		}
		ticks, err := e.app.Store().Ticks(context.Background(), svc.ID)
		if err != nil || len(ticks) != 2 || !ticks[0].Accepted || ticks[0].User != "alice" || ticks[1].Accepted || ticks[1].User != "mallory" {
			t.Errorf("ticks = %+v, %v", ticks, err)
		}

		before := e.fake.Requests().ByMethod["PATCH"] + e.fake.Requests().ByMethod["POST"]
		p := e.payload("issues/edited", r)
		fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, n))
		fixtures.Set(p, "changes", map[string]any{"body": map[string]any{"from": "older"}})
		fixtures.Set(p, "sender", map[string]any{"login": e.fake.BotLogin(), "type": "Bot"})
		e.deliver("issues", p)
		e.settle()
		if after := e.fake.Requests().ByMethod["PATCH"] + e.fake.Requests().ByMethod["POST"]; after != before {
			t.Errorf("the app's own edit triggered %d writes", after-before)
		}
	})
}
