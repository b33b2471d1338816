package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/prchq/prc/app/jobs"
)

// TestStaleServiceIsShownUntilTheNextReconcile marks a repository stale as a job that gave up
// does, and expects the dashboard's list, the service page and the JSON API to say so, with the
// reason escaped, until the next successful reconcile of the repository clears it.
func TestStaleServiceIsShownUntilTheNextReconcile(t *testing.T) {
	e := startDashboard(t, true)
	const reason = `GitHub said 502 <script>alert(1)</script>`
	if err := e.app.Store().MarkStale(context.Background(), installation, org, "api", reason); err != nil {
		t.Fatal(err)
	}
	if got := staleRepos(e); got != "acme/api" {
		t.Fatalf("stale in the API: %q, want acme/api", got)
	}
	list, page := e.fetch(http.DefaultClient, "/"), e.fetch(http.DefaultClient, "/services/acme/api/api")
	for name, html := range map[string]string{"list": list, "service page": page} {
		if !strings.Contains(html, "STALE") || strings.Contains(html, "<script>alert(1)") {
			t.Errorf("the %s does not show acme/api stale, or shows the reason unescaped:\n%.1500s", name, html)
		}
	}
	if strings.Count(list, "STALE") != 1 {
		t.Errorf("the list shows %d stale services, want 1 (acme/vault is fresh)", strings.Count(list, "STALE"))
	}
	next := jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: installation, Owner: org, Name: "api"}, Reason: "test"}
	if err := e.app.Store().Enqueue(context.Background(), next, nil); err != nil {
		t.Fatal(err)
	}
	e.eventually("the next reconcile clears the stale mark", func() bool { return staleRepos(e) == "" })
	if strings.Contains(e.fetch(http.DefaultClient, "/"), "STALE") {
		t.Error("the list still shows a stale service")
	}
}

// staleRepos lists, comma-separated, the repositories of the services the JSON API calls stale.
func staleRepos(e *env) string {
	e.t.Helper()
	_, _, raw := e.apiGet("/api/v1/services", "")
	var out struct {
		Services []struct {
			Owner, Repo string
			Stale       *bool `json:"stale"`
		}
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		e.t.Fatalf("GET /api/v1/services: %v\n%s", err, raw)
	}
	var stale []string
	for _, s := range out.Services {
		if s.Stale == nil {
			e.t.Fatalf("service %s/%s has no stale field:\n%s", s.Owner, s.Repo, raw)
		}
		if *s.Stale {
			stale = append(stale, s.Owner+"/"+s.Repo)
		}
	}
	return strings.Join(stale, ",")
}
