package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

const (
	clientID     = "Iv1.dashboardtest"
	clientSecret = "dashboard-secret"
)

// hostile is a file name a repository may hold; it must reach pages only escaped.
const hostile = `<script>alert(1)</script>/Dockerfile`

// startDashboard runs the App with sign-in against a fake holding two onboarded repositories:
// acme/api (public) and acme/vault (private, readable by alice only).
func startDashboard(t *testing.T, public bool, tweaks ...func(*config.Config)) *env {
	t.Helper()
	fake := githubfake.New(t)
	fake.AddInstallation(installation, org)
	fake.AddOAuthClient(clientID, clientSecret)
	cfg := config.Defaults()
	cfg.AppID, cfg.PrivateKey, cfg.WebhookSecret = fake.AppID(), string(fake.PrivateKeyPEM()), secret
	cfg.GitHubAPIURL, cfg.GitHubURL, cfg.Listen = fake.URL()+"/", fake.URL(), freeAddr(t)
	cfg.PublicURL = "http://" + cfg.Listen
	cfg.ClientID, cfg.ClientSecret, cfg.DashboardPublic = clientID, clientSecret, public
	for _, f := range tweaks {
		f(&cfg)
	}
	sc := storetest.Config(t, store.EngineSQLite)
	cfg.DataDir = sc.DataDir
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, fake: fake, cfg: cfg, store: sc}
	e.boot(true)
	t.Cleanup(e.stop)
	api := e.repo("api", map[string]string{"README.md": "# api\n", hostile: "FROM alpine:3.20\n"})
	vault := e.fake.AddRepo(installation, org, "vault", map[string]string{"README.md": "# vault\n", "RUNBOOK.md": "ok\n"}, githubfake.RepoPrivate())
	e.fake.SetPermission(org, "vault", "alice", "read")
	for _, r := range []*githubfake.Repo{api, vault} {
		e.deliver("repository", e.payload("repository/created", r))
	}
	e.eventually("both repositories evaluated", func() bool { return len(e.prcIssues(api)) == 1 && len(e.prcIssues(vault)) == 1 })
	e.settle()
	return e
}

type apiList struct {
	Services []struct {
		Owner, Repo, Service, Tier, ChecklistVersion, IssueURL, EvaluatedAt string
		Readiness                                                           float64
		Ready, Launched                                                     bool
		Failing                                                             []string
		Items                                                               []struct {
			ID, Status string
			Evidence   []struct {
				Path, Message string
				Line          int
			}
		}
		Ticks []map[string]any
	}
}

func (e *env) apiGet(path, token string) (int, apiList, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url()+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out apiList
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			e.t.Fatalf("GET %s: %v\n%s", path, err, body)
		}
	}
	return resp.StatusCode, out, string(body)
}

func repoNames(l apiList) []string {
	var out []string
	for _, s := range l.Services {
		out = append(out, s.Owner+"/"+s.Repo)
	}
	return out
}

func TestDashboardAPIShowsOnlyReadableRepositories(t *testing.T) {
	e := startDashboard(t, false)
	alice, bob := e.fake.UserToken("alice"), e.fake.UserToken("bob")

	if code, _, _ := e.apiGet("/api/v1/services", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous API answered %d, want 401", code)
	}
	if code, _, _ := e.apiGet("/api/v1/services", "ghu_forged"); code != http.StatusUnauthorized {
		t.Errorf("API with a token GitHub does not know answered %d, want 401", code)
	}
	_, list, raw := e.apiGet("/api/v1/services", alice)
	if got := strings.Join(repoNames(list), ","); got != "acme/api,acme/vault" {
		t.Fatalf("alice sees %q, want acme/api,acme/vault\n%s", got, raw)
	}
	for _, key := range []string{`"owner"`, `"repo"`, `"service"`, `"tier"`, `"readiness"`, `"ready"`, `"failing"`, `"checklistVersion"`, `"launched"`, `"issueUrl"`, `"evaluatedAt"`} {
		if !strings.Contains(raw, key) {
			t.Errorf("API lacks %s:\n%s", key, raw)
		}
	}
	api := list.Services[0]
	if api.Ready || api.Readiness <= 0 || api.Readiness >= 100 || len(api.Failing) == 0 || !strings.HasPrefix(api.IssueURL, e.fake.URL()+"/acme/api/issues/") {
		t.Errorf("acme/api = %+v", api)
	}
	_, list, _ = e.apiGet("/api/v1/services", bob)
	if got := strings.Join(repoNames(list), ","); got != "acme/api" {
		t.Errorf("bob sees %q, want only acme/api", got)
	}
	if code, _, _ := e.apiGet("/api/v1/services/acme/vault", bob); code != http.StatusNotFound {
		t.Errorf("bob's GET of acme/vault answered %d, want 404", code)
	}
	code, detail, raw := e.apiGet("/api/v1/services/acme/api", alice)
	if code != http.StatusOK || len(detail.Services) != 1 || len(detail.Services[0].Items) == 0 || detail.Services[0].Ticks == nil {
		t.Fatalf("detail of acme/api = %d %s", code, raw)
	}
	found := false
	for _, it := range detail.Services[0].Items {
		for _, ev := range it.Evidence {
			found = found || ev.Path == hostile
		}
	}
	if !found {
		t.Errorf("no evidence names %s:\n%s", hostile, raw)
	}
	ctx := context.Background()
	repo, err := e.app.Store().RepositoryByName(ctx, org, "api")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := e.app.Store().Service(ctx, repo.ID, "api")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	if err := e.app.Store().RecordTick(ctx, store.Tick{ServiceID: svc.ID, Item: "capacity.plan", User: "mallory", Checked: true, At: at}); err != nil {
		t.Fatal(err)
	}
	_, detail, _ = e.apiGet("/api/v1/services/acme/api", alice)
	want := map[string]any{"item": "capacity.plan", "user": "mallory", "at": "2026-05-01T10:00:00Z", "accepted": false, "checked": true}
	if ticks := detail.Services[0].Ticks; len(ticks) != 1 || !reflect.DeepEqual(ticks[0], want) {
		t.Errorf("ticks = %v, want [%v]", ticks, want)
	}
	if _, filtered, _ := e.apiGet("/api/v1/services?failing=docs.runbook", alice); strings.Join(repoNames(filtered), ",") != "acme/api" {
		t.Errorf("filter failing=docs.runbook gave %v", repoNames(filtered))
	}
}

func TestDashboardPagesNeedSignInAndEscapeRepositoryText(t *testing.T) {
	e := startDashboard(t, false)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(e.url() + "/services/acme/api")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("anonymous page answered %d to %q, want a redirect to /login", resp.StatusCode, loc)
	}

	e.fake.SignIn("alice")
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	page := e.fetch(browser, "/services/acme/api")
	if strings.Contains(page, "<script>alert(1)</script>") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the service page does not escape the hostile file name")
	}
	for _, want := range []string{"acme/api", "docs.readme", "Ticks", "Launches"} {
		if !strings.Contains(page, want) {
			t.Errorf("service page lacks %q", want)
		}
	}
	index := e.fetch(browser, "/")
	if !strings.Contains(index, "acme/vault") || !strings.Contains(index, "<svg") {
		t.Errorf("alice's dashboard lacks acme/vault or the chart:\n%s", index)
	}

	// Signing out needs the page's CSRF token.
	u, _ := url.Parse(e.url())
	resp, err = browser.PostForm(e.url()+"/logout", url.Values{"csrf": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout without the CSRF token answered %d, want 403", resp.StatusCode)
	}
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(index)
	if token == nil {
		t.Fatal("the page has no CSRF token")
	}
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = browser.PostForm(e.url()+"/logout", url.Values{"csrf": {token[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range jar.Cookies(u) {
		if c.Name == "prc_session" {
			t.Errorf("session cookie kept after logout")
		}
	}
}

func TestPublicDashboardNeedsNoSignIn(t *testing.T) {
	e := startDashboard(t, true)
	if code, list, _ := e.apiGet("/api/v1/services", ""); code != http.StatusOK || len(list.Services) != 2 {
		t.Errorf("public API = %d with %d services, want 200 with 2", code, len(list.Services))
	}
	if page := e.fetch(http.DefaultClient, "/"); !strings.Contains(page, "acme/api") {
		t.Errorf("public dashboard lacks acme/api")
	}
	ctx := context.Background()
	st := e.app.Store()
	if err := st.UpsertInstallation(ctx, store.Installation{ID: installation, Account: org, AccountType: "Organization"}); err != nil {
		t.Fatal(err)
	}
	if err := st.StartBackfill(ctx, installation, 5000); err != nil {
		t.Fatal(err)
	}
	for range 1240 {
		if err := st.BackfillStep(ctx, installation); err != nil {
			t.Fatal(err)
		}
	}
	if page := e.fetch(http.DefaultClient, "/"); !strings.Contains(page, "acme: backfilling, 1,240 of 5,000 repositories") {
		t.Errorf("the dashboard does not show the backfill's progress:\n%.800s", page)
	}
}

func TestMetricsAfterAScriptedRun(t *testing.T) {
	e := startDashboard(t, false)
	text := e.fetch(http.DefaultClient, "/metrics")
	for _, name := range []string{
		`prc_webhook_deliveries_total{event="repository",outcome="accepted"} 2`,
		`prc_jobs_total{kind="reconcile",outcome="ok"}`, `prc_job_duration_seconds_bucket{kind="reconcile"`,
		`prc_github_requests_total{endpoint="POST /repos/{owner}/{repo}/issues",status="201"} 2`,
		`prc_github_rate_limit_remaining{installation="4242"}`, `prc_jobs_queued{kind="reconcile"} 0`,
		"prc_evaluations_total 2", "prc_issues_opened_total 2", "prc_ticks_reverted_total 0", "prc_launches_blocked_total 0",
	} {
		if !strings.Contains(text, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}

	obj := e.fake.RepoObject(org, "api")
	api := &githubfake.Repo{ID: obj.GetID(), InstallationID: installation, Owner: org, Name: "api", FullName: obj.GetFullName(), DefaultBranch: obj.GetDefaultBranch()}
	e.fake.SetPermission(org, api.Name, "mallory", "read")
	e.fake.SetPermission(org, api.Name, "alice", "maintain")
	n := e.onePRCIssue(api).Number
	e.editAs(api, n, "mallory", toggle(t, e.body(api, n), "capacity.plan", true))
	e.editAs(api, n, "alice", toggle(t, e.body(api, n), "docs.readme", true))
	e.labelIssue(api, n, "launch", "alice")
	text = e.fetch(http.DefaultClient, "/metrics")
	for _, name := range []string{"prc_ticks_reverted_total 2", "prc_launches_blocked_total 1"} {
		if !strings.Contains(text, name) {
			t.Errorf("after a refused tick, a tick on an auto item and an early launch, /metrics lacks %s", name)
		}
	}
}

// fetch GETs a page with client, expecting 200.
func (e *env) fetch(client *http.Client, path string) string {
	e.t.Helper()
	resp, err := client.Get(e.url() + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s = %d\n%s", path, resp.StatusCode, body)
	}
	return string(body)
}

// freeAddr is a loopback address with a port nobody listens on, so the App's public URL is
// known before it starts.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestSessionSurvivesARestart(t *testing.T) {
	e := startDashboard(t, false)
	e.fake.SignIn("alice")
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	e.fetch(browser, "/")
	e.fake.SignIn("") // from now on a new sign-in would fail at the fake's authorize page
	e.stop()
	e.boot(true)
	if page := e.fetch(browser, "/"); !strings.Contains(page, "acme/vault") {
		t.Errorf("after a restart alice no longer sees acme/vault")
	}
}

func TestMetricsOnTheirOwnListener(t *testing.T) {
	addr := freeAddr(t)
	e := startDashboard(t, false, func(c *config.Config) { c.MetricsListen = addr })
	resp, err := http.Get(e.url() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main listener = %d, want 404 with PRC_METRICS_LISTEN", resp.StatusCode)
	}
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `prc_webhook_deliveries_total{event="repository",outcome="accepted"} 2`) {
		t.Errorf("PRC_METRICS_LISTEN serves no delivery count:\n%.500s", body)
	}
}
