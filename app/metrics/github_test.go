package metrics

import "testing"

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
