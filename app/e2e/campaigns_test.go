package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/report"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

const campaignConfig = `campaigns:
  - id: slo-2027q1
    items: [monitoring.slo]
    tiers: [critical]
    topics: [payments]
    deadline: 2027-03-31
report: {every: 720h}
`

const openSLO = "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: availability}\nspec: {service: pay}\n"

// startClocked runs the App with its clock in the test's hands, on a public dashboard or one
// behind sign-in.
func startClocked(t *testing.T, clk *githubfake.Clock, public bool, engine string) *env {
	t.Helper()
	fake := githubfake.New(t, githubfake.WithClock(clk.Now))
	fake.AddInstallation(installation, org)
	fake.AddOAuthClient(clientID, clientSecret)
	cfg := config.Defaults()
	cfg.AppID, cfg.PrivateKey, cfg.WebhookSecret = fake.AppID(), string(fake.PrivateKeyPEM()), secret
	cfg.GitHubAPIURL, cfg.GitHubURL, cfg.Listen, cfg.DashboardPublic = fake.URL()+"/", fake.URL(), freeAddr(t), public
	cfg.PublicURL, cfg.ClientID, cfg.ClientSecret = "http://"+cfg.Listen, clientID, clientSecret
	sc := storetest.Config(t, engine)
	cfg.DataDir, cfg.DatabaseURL = sc.DataDir, sc.DatabaseURL
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, fake: fake, cfg: cfg, store: sc, opts: []app.Option{app.WithClock(clk.Now)}}
	e.boot(true)
	t.Cleanup(e.stop)
	return e
}

// campaignsAPI reads GET /api/v1/campaigns.
func (e *env) campaignsAPI() []report.Campaign {
	e.t.Helper()
	resp, err := http.Get(e.url() + "/api/v1/campaigns")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Campaigns []report.Campaign }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		e.t.Fatalf("GET /api/v1/campaigns: %d", resp.StatusCode)
	}
	return out.Campaigns
}

// reportIssues are the report issues of the organisation's .github repository.
func (e *env) reportIssues() []githubfake.Issue {
	var out []githubfake.Issue
	for _, is := range e.fake.Issues(org, ".github") {
		if report.IsReport(is.Body) {
			out = append(out, is)
		}
	}
	return out
}

func TestCampaignDueBurnUpOverdueAndReports(t *testing.T) {
	storetest.Run(t, testCampaignFlow)
}

func testCampaignFlow(t *testing.T, engine string) {
	clk := githubfake.NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	e := startClocked(t, clk, true, engine)
	e.repo(".github", map[string]string{"prc/config.yml": campaignConfig})
	critical := map[string]string{".github/prc.yml": "tier: critical\n", "README.md": "# svc\n"}
	pay := e.fake.AddRepo(installation, org, "pay", critical, githubfake.RepoTopics("payments"))
	ledger := e.fake.AddRepo(installation, org, "ledger", critical, githubfake.RepoTopics("payments", "finance"))
	other := e.repo("other", critical)
	standard := e.fake.AddRepo(installation, org, "std", map[string]string{".github/prc.yml": "tier: standard\n"}, githubfake.RepoTopics("payments"))
	for _, r := range []*githubfake.Repo{pay, ledger, other, standard} {
		e.deliver("repository", e.payload("repository/created", r))
	}
	due := "`monitoring.slo` · due 2027-03-31 <!-- prc:item monitoring.slo -->"
	for r, want := range map[*githubfake.Repo]bool{pay: true, ledger: true, other: false, standard: false} {
		if got := strings.Contains(e.onePRCIssue(r).Body, due); got != want {
			t.Errorf("%s: due line shown %v, want %v", r.Name, got, want)
		}
	}

	cs := e.campaignsAPI()
	if len(cs) != 1 || cs[0].ID != "slo-2027q1" || cs[0].Total != 2 || cs[0].Done != 0 || len(cs[0].BurnUp) != 1 {
		t.Fatalf("campaigns at the start = %+v", cs)
	}
	e.eventually("the first report issue", func() bool { return len(e.reportIssues()) == 1 })
	first := e.reportIssues()[0]
	if first.Title != "Production readiness report 2027-03-01" || !strings.Contains(first.Body, "0 of 2 services done") {
		t.Errorf("first report: %q\n%s", first.Title, first.Body)
	}

	clk.Advance(24 * time.Hour)
	e.fake.Push(org, "pay", pay.DefaultBranch, map[string]string{"slo/availability.yaml": openSLO})
	e.deliver("push", e.pushPayload(pay, "slo/availability.yaml"))
	e.eventually("pay counted done", func() bool { cs = e.campaignsAPI(); return len(cs) == 1 && cs[0].Done == 1 })
	if b := cs[0].BurnUp; len(b) != 2 || b[0].Done != 0 || b[1].Done != 1 || b[1].Total != 2 {
		t.Errorf("burn-up after the fix = %+v, want 0 then 1 of 2", b)
	}
	if len(cs[0].Overdue) != 0 {
		t.Errorf("overdue before the deadline: %+v", cs[0].Overdue)
	}

	clk.Advance(31 * 24 * time.Hour) // 2027-04-02: past the deadline and the report's period
	fellDue := time.Now()
	e.eventually("the second report, with the first closed", func() bool {
		is := e.reportIssues()
		return len(is) == 2 && is[0].State == "closed" && is[1].State == "open"
	})
	t.Logf("the second report was posted %v after it fell due", time.Since(fellDue).Round(10*time.Millisecond))
	cs = e.campaignsAPI()
	if len(cs[0].Overdue) != 1 || cs[0].Overdue[0].Repo != "ledger" || cs[0].BurnUp[len(cs[0].BurnUp)-1].Day != "2027-03-31" {
		t.Errorf("after the deadline: overdue %+v, burn-up ends %+v", cs[0].Overdue, cs[0].BurnUp[len(cs[0].BurnUp)-1])
	}
	if p := e.page("/"); !strings.Contains(p, `data-campaign="acme/slo-2027q1"`) || !strings.Contains(p, `<a href="/services/acme/ledger/ledger">acme/ledger ledger</a>`) {
		t.Errorf("dashboard lacks the campaign or its overdue service:\n%s", p)
	}
	if engine == store.EngineSQLite {
		assertBurnUpDrawn(t, e)
	}
	second := e.reportIssues()[1]
	if !strings.Contains(second.Body, "Overdue:\n- `acme/ledger` `ledger`") || !strings.Contains(second.Body, "1 of 2 services done") {
		t.Errorf("second report:\n%s", second.Body)
	}
}

func TestCampaignsAPICountsOnlyReadableServices(t *testing.T) {
	e := startClocked(t, githubfake.NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)), false, store.EngineSQLite)
	e.repo(".github", map[string]string{"prc/config.yml": "campaigns:\n  - {id: docs, items: [docs.readme], deadline: 2099-01-31}\n"})
	api := e.repo("api", map[string]string{"README.md": "# api\n"})
	vault := e.fake.AddRepo(installation, org, "vault", map[string]string{"README.md": "# vault\n"}, githubfake.RepoPrivate())
	e.fake.SetPermission(org, "vault", "alice", "read")
	for _, r := range []*githubfake.Repo{api, vault} {
		e.deliver("repository", e.payload("repository/created", r))
	}
	alice, bob := e.fake.UserToken("alice"), e.fake.UserToken("bob")
	totals := func(token string) (int, string) {
		code, _, raw := e.apiGet("/api/v1/campaigns", token)
		var out struct{ Campaigns []report.Campaign }
		if code == http.StatusOK {
			if err := json.Unmarshal([]byte(raw), &out); err != nil {
				t.Fatalf("campaigns %s: %v", raw, err)
			}
			if len(out.Campaigns) != 1 {
				return 0, raw // not recorded yet
			}
			return out.Campaigns[0].Total, raw
		}
		return -code, raw
	}
	e.eventually("both services in the campaign", func() bool { n, _ := totals(alice); return n == 2 })
	if n, raw := totals(bob); n != 1 || strings.Contains(raw, "vault") {
		t.Errorf("bob counts %d services: %s; want only acme/api", n, raw)
	}
	if n, _ := totals(""); n != -http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/v1/campaigns answered %d, want 401", -n)
	}
	for _, key := range []string{`"done"`, `"total"`, `"overdue"`, `"burnUp"`, `"deadline":"2099-01-31"`} {
		if _, raw := totals(alice); !strings.Contains(raw, key) {
			t.Errorf("API lacks %s: %s", key, raw)
		}
	}
}

// burnUpJS describes the campaign figure as a browser draws it: its lines' point counts and
// the overdue services listed.
const burnUpJS = `[...document.querySelectorAll("figure.campaign polyline")].map(p => String(p.points.length))
	.concat([...document.querySelectorAll("figure.campaign ul.overdue a")].map(a => a.textContent))`

// assertBurnUpDrawn opens the dashboard in Chromium: the burn-up has a line of services covered
// and one of services done, a point a day, and the overdue service is listed.
func assertBurnUpDrawn(t *testing.T, e *env) {
	t.Helper()
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.url()+"/"), chromedp.WaitVisible(chromedp.CSS("figure.campaign"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](burnUpJS))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"31", "31", "acme/ledger ledger"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the browser draws %q, want %q (March 1 to 31)", got, want)
	}
}

func TestCampaignCountsATick(t *testing.T) {
	e := startClocked(t, githubfake.NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)), true, store.EngineSQLite)
	e.repo(".github", map[string]string{"prc/config.yml": "campaigns:\n  - {id: on-call, items: [monitoring.on-call], deadline: 2027-06-30}\n"})
	r := e.repo("svc", map[string]string{"README.md": "# svc\n"})
	e.fake.SetPermission(org, r.Name, "alice", "write")
	e.deliver("repository", e.payload("repository/created", r))
	n := e.onePRCIssue(r).Number
	if cs := e.campaignsAPI(); len(cs) != 1 || cs[0].Total != 1 || cs[0].Done != 0 {
		t.Fatalf("before the tick: %+v", cs)
	}
	e.editAs(r, n, "alice", toggle(t, e.body(r, n), "monitoring.on-call", true))
	if cs := e.campaignsAPI(); cs[0].Done != 1 || cs[0].BurnUp[0].Done != 1 {
		t.Errorf("after alice ticked monitoring.on-call: %+v", cs[0])
	}
	if !strings.Contains(e.body(r, n), "`monitoring.on-call` · _manual_ · due 2027-06-30 <!-- prc:item monitoring.on-call -->") {
		t.Errorf("the re-rendered issue lost the due date:\n%s", e.body(r, n))
	}
}
