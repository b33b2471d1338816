package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEndpointTemplates(t *testing.T) {
	tests := map[string]struct{ method, path, want string }{
		"issue":        {"GET", "/repos/acme/api/issues/12", "GET /repos/{owner}/{repo}/issues/{n}"},
		"label name":   {"DELETE", "/repos/acme/api/issues/3/labels/needs/review", "DELETE /repos/{owner}/{repo}/issues/{n}/labels/{ref}"},
		"contents":     {"GET", "/repos/acme/api/contents/deploy/a.yaml", "GET /repos/{owner}/{repo}/contents/{ref}"},
		"check runs":   {"GET", "/repos/acme/api/commits/main/check-runs", "GET /repos/{owner}/{repo}/commits/{ref}/check-runs"},
		"tree":         {"GET", "/repos/acme/api/git/trees/0123456789abcdef0123456789abcdef01234567", "GET /repos/{owner}/{repo}/git/trees/{ref}"},
		"token":        {"POST", "/app/installations/42/access_tokens", "POST /app/installations/{n}/access_tokens"},
		"enterprise":   {"GET", "/api/v3/repos/acme/api", "GET /repos/{owner}/{repo}"},
		"installation": {"GET", "/installation/repositories", "GET /installation/repositories"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Endpoint(tc.method, tc.path); got != tc.want {
				t.Errorf("Endpoint(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
			}
		})
	}
}

func TestGitHubTransportLearnsInstallationsFromTokens(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/app/installations/42/access_tokens":
			w.Header().Set("X-RateLimit-Remaining", "4999")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"token":"ghs_abc"}`)
		default:
			w.Header().Set("X-RateLimit-Remaining", "4321")
			_, _ = io.WriteString(w, `{}`)
		}
	}))
	defer srv.Close()
	m := New()
	client := &http.Client{Transport: m.GitHub(nil)}
	do := func(method, path, auth string) string {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		req.Header.Set("Authorization", auth)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if body := do("POST", "/app/installations/42/access_tokens", "Bearer jwt"); body != `{"token":"ghs_abc"}` {
		t.Errorf("the token answer reached the client as %q", body)
	}
	do("GET", "/repos/acme/api/issues/1", "token ghs_abc")
	if got := strings.Join(gathered(t, m, "prc_github_rate_limit_remaining"), " "); got != "42=4321" {
		t.Errorf("rate limit remaining = %s, want 42=4321", got)
	}
	refused := &http.Client{Transport: m.GitHub(nil)}
	srv.Close()
	if _, err := refused.Get(srv.URL + "/app"); err == nil {
		t.Fatal("a closed server answered")
	}
	want := "GET /app,error=1 GET /repos/{owner}/{repo}/issues/{n},200=1 POST /app/installations/{n}/access_tokens,201=1"
	if got := strings.Join(gathered(t, m, "prc_github_requests_total"), " "); got != want {
		t.Errorf("requests = %s\nwant %s", got, want)
	}
}
