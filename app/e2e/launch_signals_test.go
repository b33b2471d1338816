package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// launchConfig is the organisation configuration of issue 10: topics and a custom property
// signal launches, another property sets the tier.
const launchConfig = `launch:
  label: launch
  topics: {launching: launching, launched: production}
  property: {name: lifecycle, launching: [launching, beta], launched: [production, ga]}
  tierProperty: service-tier
`

// startLaunch runs the App with a public dashboard, the fake delivering its webhooks to it, the
// organisation's checklist and launch configuration, and its custom properties defined; perms
// are what the installation granted on top of the app's own permissions.
func startLaunch(t *testing.T, engine string, perms map[string]string) *env {
	t.Helper()
	e := start(t, engine)
	e.stop()
	e.cfg.DashboardPublic = true
	e.boot(true)
	e.fake.SetWebhook(e.url()+"/api/github/webhook", secret)
	e.fake.SetInstallationPermissions(installation, perms)
	e.fake.DefineCustomProperty(org, "lifecycle", "launching", "beta", "production", "ga")
	e.fake.DefineCustomProperty(org, "service-tier")
	e.repo(".github", map[string]string{"prc/checklist.yaml": orgChecklist, "prc/config.yml": launchConfig})
	return e
}

func (e *env) launchesOf(r *githubfake.Repo, service string) []store.Launch {
	e.t.Helper()
	svc, err := e.app.Store().Service(context.Background(), r.ID, service)
	if err != nil {
		e.t.Fatal(err)
	}
	l, err := e.app.Store().Launches(context.Background(), svc.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func TestTopicLaunchingOpensTheIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := startLaunch(t, engine, nil)
		r := e.fake.AddRepo(installation, org, "orders", map[string]string{"README.md": "# orders\n"}, githubfake.RepoProperty("service-tier", "critical"))
		e.fake.SetTopicsAs("alice", org, r.Name, "go", "launching")
		issue := e.onePRCIssue(r)
		if issue.Title != "Production readiness: orders" || !strings.Contains(issue.Body, "| `orders` | `.` | critical |") {
			t.Errorf("issue %q, want the tier from the service-tier property:\n%s", issue.Title, issue.Body)
		}
		if strings.Contains(issue.Body, "Launched") || len(e.fake.Comments(org, r.Name, issue.Number)) != 0 {
			t.Errorf("a launching topic launched or commented: %s", issue.Body)
		}
	})
}

func TestPropertyLaunchWhileIncompleteIsSetBack(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := startLaunch(t, engine, map[string]string{gh.PermCustomProperties: "write"})
		r := e.repo("billing", map[string]string{"README.md": "# billing\n"})
		e.fake.SetCustomPropertyAs("bob", org, r.Name, "lifecycle", "launching")
		n := e.onePRCIssue(r).Number
		guid := e.fake.SetCustomPropertyAs("bob", org, r.Name, "lifecycle", "production")
		e.eventually("the lifecycle property set back", func() bool { return e.fake.CustomProperties(org, r.Name)["lifecycle"] == "launching" })
		e.settle()
		e.fake.Resend(guid)
		e.settle()
		cs := e.fake.Comments(org, r.Name, n)
		if len(cs) != 1 || !strings.Contains(cs[0].Body, "@bob") || !strings.Contains(cs[0].Body, "set custom property `lifecycle` back to `launching`") ||
			!strings.Contains(cs[0].Body, "docs.runbook") || strings.Contains(cs[0].Body, "docs.readme") {
			t.Fatalf("comments = %+v, want one naming the missing items", cs)
		}
		if l := e.launchesOf(r, "billing"); len(l) != 0 {
			t.Errorf("launches = %+v, want none: the launch was set back", l)
		}
		if got := e.fake.CustomProperties(org, r.Name)["lifecycle"]; got != "launching" {
			t.Errorf("lifecycle = %q after the redelivery, want launching", got)
		}
	})
}

func TestPropertyLaunchWithoutPermissionIsFlagged(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := startLaunch(t, engine, nil)
		r := e.repo("ledger", map[string]string{"README.md": "# ledger\n"})
		e.fake.SetCustomPropertyAs("bob", org, r.Name, "lifecycle", "beta")
		n := e.onePRCIssue(r).Number
		guid := e.fake.SetCustomPropertyAs("bob", org, r.Name, "lifecycle", "production")
		e.eventually("a launch recorded", func() bool { return len(e.launchesOf(r, "ledger")) > 0 })
		e.settle()
		e.fake.Resend(guid)
		e.settle()
		if got := e.fake.CustomProperties(org, r.Name)["lifecycle"]; got != "production" {
			t.Errorf("lifecycle = %q, want production: the app may not write it", got)
		}
		if cs := e.fake.Comments(org, r.Name, n); len(cs) != 1 || !strings.Contains(cs[0].Body, "launched while incomplete") || !strings.Contains(cs[0].Body, "docs.runbook") {
			t.Fatalf("comments = %+v, want one listing the missing items", cs)
		}
		l := e.launchesOf(r, "ledger")
		if len(l) != 1 || !l[0].Incomplete || l[0].Source != store.LaunchFromProperty || l[0].Signal != "lifecycle=production" || l[0].User != "bob" {
			t.Errorf("launches = %+v, want one incomplete by bob", l)
		}
		if body := e.body(r, n); !strings.Contains(body, "Launched while incomplete (via property lifecycle=production)") {
			t.Errorf("the issue does not say so:\n%s", body)
		}
		json := e.page("/api/v1/services")
		if !strings.Contains(json, `"service":"ledger"`) || !strings.Contains(json, `"launchedIncomplete":true`) {
			t.Errorf("the API does not flag it:\n%s", json)
		}
		if list := e.page("/"); !strings.Contains(list, `launched <strong class="incomplete">while incomplete</strong>`) {
			t.Errorf("the list does not flag it:\n%s", list)
		}
		if svc := e.page("/services/acme/ledger/ledger"); !strings.Contains(svc, "Launched while incomplete:") || !strings.Contains(svc, "from property lifecycle=production") {
			t.Errorf("the service page does not flag it:\n%s", svc)
		}
	})
}

func TestTopicLaunchWhenComplete(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := startLaunch(t, engine, nil)
		r := e.repo("search", map[string]string{"README.md": "# search\n", "RUNBOOK.md": "# runbook\n"})
		e.fake.SetPermission(org, r.Name, "alice", "maintain")
		e.fake.SetTopicsAs("alice", org, r.Name, "launching")
		n := e.onePRCIssue(r).Number
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		guid := e.fake.SetTopicsAs("alice", org, r.Name, "production")
		e.eventually("a launch recorded", func() bool { return len(e.launchesOf(r, "search")) > 0 })
		e.settle()
		e.fake.Resend(guid)
		e.settle()
		l := e.launchesOf(r, "search")
		if len(l) != 1 || l[0].Incomplete || l[0].Source != store.LaunchFromTopic || l[0].Signal != "production" || l[0].User != "alice" || l[0].ChecklistVersion != "1" || l[0].Number != n {
			t.Fatalf("launches = %+v, want one complete launch by alice via the production topic", l)
		}
		if body := e.body(r, n); !strings.Contains(body, "🚀 **Launched (via topic production)** by alice") {
			t.Errorf("the issue does not say Launched:\n%s", body)
		}
		if cs := e.fake.Comments(org, r.Name, n); len(cs) != 0 {
			t.Errorf("a complete launch commented: %+v", cs)
		}
	})
}
