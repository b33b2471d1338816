package ghclient

import (
	"net/http"
	"testing"
	"time"
)

func TestRouteOf(t *testing.T) {
	tests := map[string]string{
		"/repos/acme/api":                                 "/repos/{owner}/{repo}",
		"/repos/acme/api/issues/12":                       "/repos/{owner}/{repo}/issues/{number}",
		"/repos/acme/api/issues/comments/991":             "/repos/{owner}/{repo}/issues/comments/{id}",
		"/repos/acme/api/issues/12/labels/prc%20ready":    "/repos/{owner}/{repo}/issues/{number}/labels/{name}",
		"/repos/acme/api/contents/.github/prc/config.yml": "/repos/{owner}/{repo}/contents/{path...}",
		"/repos/acme/api/git/ref/heads/feature/x":         "/repos/{owner}/{repo}/git/ref/{ref...}",
		"/repos/acme/api/commits/abc/check-runs":          "/repos/{owner}/{repo}/commits/{ref}/check-runs",
		"/api/v3/repos/acme/api/git/blobs/3b18e5":         "/repos/{owner}/{repo}/git/blobs/{sha}",
		"/app/installations/11/access_tokens":             "/app/installations/{id}/access_tokens",
		"/repos/acme/api/issues/not-a-number":             "other",
		"/gists/123":                                      "other",
	}
	for path, want := range tests {
		t.Run(path, func(t *testing.T) {
			if got := routeOf(path); got != want {
				t.Errorf("routeOf(%q) = %q, want %q", path, got, want)
			}
		})
	}
}

func TestFullJitterStaysUnderTheLimitAndVaries(t *testing.T) {
	b := backoff{base: time.Second, cap: 16 * time.Second, tries: 5, jitter: fullJitter}
	for n, limit := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 5: 16 * time.Second, 9: 16 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.delay(n)
			if d < 0 || d > limit {
				t.Fatalf("retry %d waits %v, outside [0, %v]", n, d, limit)
			}
			seen[d] = true
		}
		if len(seen) < 100 {
			t.Errorf("retry %d: only %d distinct waits in 200", n, len(seen))
		}
	}
}

func TestSecondaryWait(t *testing.T) {
	tests := map[string]struct {
		retryAfter string
		strikes    int
		want       time.Duration
	}{
		"asked":                  {"42", 1, 42 * time.Second},
		"not asked":              {"", 1, time.Minute},
		"second":                 {"", 2, 2 * time.Minute},
		"third, asked little":    {"5", 3, 4 * time.Minute},
		"many: capped":           {"", 12, secondaryCap},
		"asked more than capped": {"3600", 12, time.Hour},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := http.Header{}
			if tc.retryAfter != "" {
				h.Set("Retry-After", tc.retryAfter)
			}
			if got := secondaryWait(h, tc.strikes); got != tc.want {
				t.Errorf("wait %v, want %v", got, tc.want)
			}
		})
	}
}
