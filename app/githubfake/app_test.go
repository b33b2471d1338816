package githubfake_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

func TestInstallationTokenFlow(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	for range 3 {
		r, resp, err := c.Repositories.Get(ctx, org, repo)
		if err != nil {
			t.Fatalf("get repo: %v", err)
		}
		if r.GetDefaultBranch() != "main" || r.GetFullName() != "acme/api" || r.GetOwner().GetType() != "Organization" {
			t.Errorf("repo = %s default %s owner type %s", r.GetFullName(), r.GetDefaultBranch(), r.GetOwner().GetType())
		}
		if resp.Rate.Limit != 5000 || resp.Header.Get("X-RateLimit-Resource") != "core" || resp.Header.Get("X-RateLimit-Used") == "" {
			t.Errorf("rate headers = %v", resp.Header)
		}
	}
	if got := f.Requests().TokensIssued; got != 1 {
		t.Errorf("tokens issued = %d, want 1 (ghinstallation caches its token)", got)
	}
}

func TestAuthRejections(t *testing.T) {
	t.Parallel()
	f, _, _ := setup(t)
	f.AddInstallation(22, "other")
	f.AddRepo(22, "other", "secret", map[string]string{"x": "y"})
	otherKey := pemKey(t)

	tests := map[string]struct {
		inst   int64
		key    []byte
		appID  int64
		owner  string
		repo   string
		status int
	}{
		"unknown installation":           {inst: 99, key: f.PrivateKeyPEM(), appID: f.AppID(), owner: org, repo: repo, status: 404},
		"JWT signed by another key":      {inst: instID, key: otherKey, appID: f.AppID(), owner: org, repo: repo, status: 401},
		"JWT issued for another app":     {inst: instID, key: f.PrivateKeyPEM(), appID: 7, owner: org, repo: repo, status: 401},
		"repository of another install":  {inst: instID, key: f.PrivateKeyPEM(), appID: f.AppID(), owner: "other", repo: "secret", status: 404},
		"repository that does not exist": {inst: instID, key: f.PrivateKeyPEM(), appID: f.AppID(), owner: org, repo: "nope", status: 404},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tr, err := ghinstallation.New(http.DefaultTransport, tc.appID, tc.inst, tc.key)
			if err != nil {
				t.Fatal(err)
			}
			tr.BaseURL = f.URL()
			c := withBase(t, github.NewClient(&http.Client{Transport: tr}), f)
			_, _, err = c.Repositories.Get(context.Background(), tc.owner, tc.repo)
			if got := httpStatus(err); got != tc.status {
				t.Errorf("status = %d (%v), want %d", got, err, tc.status)
			}
		})
	}
}

// httpStatus finds the status in go-github errors and ghinstallation's token errors.
func httpStatus(err error) int {
	if s := status(err); s != 0 {
		return s
	}
	var he *ghinstallation.HTTPError
	if asErr(err, &he) && he.Response != nil {
		return he.Response.StatusCode
	}
	return 0
}

func TestRequestsWithoutValidTokenGet401(t *testing.T) {
	t.Parallel()
	f, _, _ := setup(t)
	for name, auth := range map[string]string{
		"no header":     "",
		"unknown token": "token ghs_nope",
		"app JWT":       "Bearer " + appJWT(t, f),
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.URL()+"/repos/acme/api", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 {
				t.Errorf("status = %d, want 401", resp.StatusCode)
			}
		})
	}
}

func TestGetInstallationWithAppJWT(t *testing.T) {
	t.Parallel()
	f, _, _ := setup(t)
	atr, err := ghinstallation.NewAppsTransport(http.DefaultTransport, f.AppID(), f.PrivateKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	atr.BaseURL = f.URL()
	c := withBase(t, github.NewClient(&http.Client{Transport: atr}), f)
	in, _, err := c.Apps.GetInstallation(context.Background(), instID)
	if err != nil {
		t.Fatal(err)
	}
	if in.GetAccount().GetLogin() != org || in.GetAppID() != f.AppID() || in.GetPermissions().GetChecks() != "write" {
		t.Errorf("installation = %+v", in)
	}
	if _, _, err := c.Apps.GetInstallation(context.Background(), 99); status(err) != 404 {
		t.Errorf("unknown installation: %v, want 404", err)
	}
}

func TestInstallationRepositoriesPaged(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.AddRepo(instID, org, "web", nil)
	f.AddRepo(instID, org, "worker", nil)
	var names []string
	opt := &github.ListOptions{PerPage: 2}
	for pages := 0; ; pages++ {
		list, resp, err := c.Apps.ListRepos(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if list.GetTotalCount() != 3 {
			t.Errorf("total_count = %d", list.GetTotalCount())
		}
		for _, r := range list.Repositories {
			names = append(names, r.GetName())
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if got := strings.Join(names, ","); got != "api,web,worker" {
		t.Errorf("repos = %s", got)
	}
}

func TestRemovedInstallationAndRevokedTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, c, _ := setup(t)
	if _, _, err := c.Repositories.Get(ctx, org, repo); err != nil {
		t.Fatal(err)
	}
	f.RevokeTokens()
	if _, _, err := c.Repositories.Get(ctx, org, repo); status(err) != 401 {
		t.Errorf("after revoke: %v, want 401", err)
	}
	f.RemoveInstallation(instID)
	if _, _, err := client(t, f, instID).Repositories.Get(ctx, org, repo); httpStatus(err) != 404 {
		t.Errorf("after uninstall: %v, want 404 on token request", err)
	}
}

func TestEnforcedRateLimit(t *testing.T) {
	t.Parallel()
	_, c, _ := setup(t, githubfake.WithRateLimit(2))
	ctx := context.Background()
	for k := range 2 {
		_, resp, err := c.Repositories.Get(ctx, org, repo)
		if err != nil {
			t.Fatalf("request %d: %v", k, err)
		}
		if want := 1 - k; resp.Rate.Remaining != want {
			t.Errorf("remaining = %d, want %d", resp.Rate.Remaining, want)
		}
	}
	_, _, err := c.Repositories.Get(ctx, org, repo)
	var rl *github.RateLimitError
	if !asErr(err, &rl) {
		t.Fatalf("third request: %v, want RateLimitError", err)
	}
	if rl.Rate.Reset.Before(time.Now()) {
		t.Errorf("reset %v is in the past", rl.Rate.Reset)
	}
}

// pemKey generates a small throwaway RSA key that the fake does not know.
func pemKey(t *testing.T) []byte {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// appJWT signs a JWT the way ghinstallation's AppsTransport does.
func appJWT(t *testing.T, f *githubfake.Fake) string {
	t.Helper()
	var got string
	atr, err := ghinstallation.NewAppsTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	}), f.AppID(), f.PrivateKeyPEM())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", f.URL(), nil)
	if _, err := atr.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	return got
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
