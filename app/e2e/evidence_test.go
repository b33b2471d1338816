package e2e

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist"
)

// commentsWith returns the bodies of issue n's comments that contain s.
func (e *env) commentsWith(r *githubfake.Repo, n int, s string) []string {
	var out []string
	for _, c := range e.fake.Comments(r.Owner, r.Name, n) {
		if strings.Contains(c.Body, s) {
			out = append(out, c.Body)
		}
	}
	return out
}

// onLine puts text on item id's line of body, before its marker, as a person would.
func onLine(body, id, text string) string {
	marker := "<!-- prc:item " + id + " -->"
	return strings.Replace(body, marker, text+" "+marker, 1)
}

// TestEvidenceForManualTicks: the built-in capacity.plan counts only with a link. A tick without
// one is left unticked with one comment asking for it, however often it is repeated; a tick
// with one is accepted, and the link shows on the issue line, the dashboard page and the API.
func TestEvidenceForManualTicks(t *testing.T) {
	e := startDashboard(t, false)
	api := githubfake.Repo{Owner: org, Name: "api"}
	e.fake.SetPermission(org, "api", "alice", "write")
	n := e.onePRCIssue(&api).Number
	const ask = "count only with a link"

	for range 2 {
		e.editAs(&api, n, "alice", toggle(t, e.body(&api, n), "capacity.plan", true))
		if ok, line := itemState(t, e.body(&api, n), "capacity.plan"); ok {
			t.Fatalf("a tick without a link was accepted: %s", line)
		}
	}
	if asks := e.commentsWith(&api, n, ask); len(asks) != 1 || !strings.Contains(asks[0], "@alice") || !strings.Contains(asks[0], "`capacity.plan`") {
		t.Fatalf("want one comment asking alice for a link, got %q", asks)
	}

	const link = "https://wiki.example.com/capacity/api-2027"
	e.editAs(&api, n, "alice", onLine(toggle(t, e.body(&api, n), "capacity.plan", true), "capacity.plan", "plan: "+link))
	ok, line := itemState(t, e.body(&api, n), "capacity.plan")
	if !ok || !strings.Contains(line, "evidence: <"+link+">") {
		t.Fatalf("the tick with a link was not accepted with it: %s", line)
	}
	if asks := e.commentsWith(&api, n, ask); len(asks) != 1 {
		t.Errorf("the accepted tick was asked about again: %q", asks)
	}

	_, _, raw := e.apiGet("/api/v1/services/acme/api", e.fake.UserToken("alice"))
	for _, want := range []string{`"id":"capacity.plan","status":"done"`, `"link":"` + link + `"`, `"refusal":"link"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("API lacks %s:\n%s", want, raw)
		}
	}
	e.fake.SignIn("alice")
	jar, _ := cookiejar.New(nil)
	page := e.fetch(&http.Client{Jar: jar}, "/services/acme/api")
	for _, want := range []string{`evidence: <a href="` + link + `"`, "reverted: no link"} {
		if !strings.Contains(page, want) {
			t.Errorf("service page lacks %q", want)
		}
	}
}

// TestBuiltinV2MigratesToV3: an issue rendered from version 2 of the built-in checklist, with
// capacity.plan ticked without a link, moves to version 3, which asks for evidence: the tick
// stays, its line says it predates the rule, and one migration comment says so.
func TestBuiltinV2MigratesToV3(t *testing.T) {
	v2, err := checklist.BuiltinYAML("v2")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		settings := e.withOrgChecklist(string(v2)) // what a prc serving version 2 rendered from
		r := e.repo("payments", map[string]string{"README.md": "# payments\n"})
		e.fake.SetPermission(org, r.Name, "alice", "admin")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		if body := e.body(r, n); !strings.Contains(body, `"checklist":"prc-default","version":"2"`) || strings.Contains(body, "tick with a link") {
			t.Fatalf("issue is not on version 2:\n%s", body)
		}
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "capacity.plan", true))

		e.fake.Push(org, settings.Name, settings.DefaultBranch, map[string]string{"prc/checklist.yaml": githubfake.Deleted})
		e.deliver("push", e.pushPayload(settings, "prc/checklist.yaml"))
		e.settle()

		body := e.body(r, n)
		if !strings.Contains(body, `"checklist":"prc-default","version":"3"`) {
			t.Fatalf("issue not migrated to the built-in version 3:\n%s", body)
		}
		if ok, line := itemState(t, body, "capacity.plan"); !ok || !strings.Contains(line, "_ticked before evidence was required_") {
			t.Errorf("capacity.plan lost its tick or its note: %s", line)
		}
		if ok, line := itemState(t, body, "resilience.game-day"); ok || !strings.Contains(line, "tick with a link") {
			t.Errorf("resilience.game-day: %s", line)
		}
		migrations := e.commentsWith(r, n, "version 2 to version 3")
		if len(migrations) != 1 || !strings.Contains(migrations[0], "**Ticked before evidence was required**") || !strings.Contains(migrations[0], "`capacity.plan`") {
			t.Errorf("want one migration comment naming capacity.plan, got %q", migrations)
		}
	})
}

// TestServiceRemovedFromPrcYml: a service taken out of a monorepo's prc.yml has its PRC issue
// closed with a comment and is kept in the store, untracked; GitHub's event for that close
// does not dismiss it, and listing it again reopens its issue.
func TestServiceRemovedFromPrcYml(t *testing.T) {
	const both = "services:\n  - {name: api, path: api}\n  - {name: worker, path: worker}\n"
	const apiOnly = "services:\n  - {name: api, path: api}\n"
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("shop", map[string]string{".github/prc.yml": both, "api/README.md": "# api\n", "worker/README.md": "# worker\n"})
		e.deliver("repository", e.payload("repository/created", r))
		e.eventually("two PRC issues", func() bool { return len(e.prcIssues(r)) == 2 })
		e.settle()
		ctx := context.Background()
		worker, err := e.app.Store().Service(ctx, r.ID, "worker")
		if err != nil {
			t.Fatal(err)
		}

		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{".github/prc.yml": apiOnly})
		e.deliver("push", e.pushPayload(r, ".github/prc.yml"))
		e.settle()
		if is, _ := e.fake.Issue(org, r.Name, worker.IssueNumber); is.State != "closed" {
			t.Fatalf("worker's issue is %s, want closed", is.State)
		}
		if c := e.commentsWith(r, worker.IssueNumber, "no longer tracks it"); len(c) != 1 {
			t.Errorf("want one comment saying worker is no longer tracked, got %q", c)
		}
		p := e.payload("issues/reopened", r)
		fixtures.Set(p, "action", "closed") // GitHub's event for prc's own close
		fixtures.Set(p, "issue", e.fake.IssueObject(r.Owner, r.Name, worker.IssueNumber))
		e.deliver("issues", p)
		e.settle()
		if svc, err := e.app.Store().Service(ctx, r.ID, "worker"); err != nil || !svc.Untracked || svc.State != store.ServiceActive {
			t.Errorf("worker = %+v, %v; want kept, untracked and not dismissed", svc, err)
		}

		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{".github/prc.yml": both})
		e.deliver("push", e.pushPayload(r, ".github/prc.yml"))
		e.settle()
		if is, _ := e.fake.Issue(org, r.Name, worker.IssueNumber); is.State != "open" || len(e.prcIssues(r)) != 2 {
			t.Errorf("worker's issue is %s with %d PRC issues; want it reopened, still two", is.State, len(e.prcIssues(r)))
		}
	})
}
