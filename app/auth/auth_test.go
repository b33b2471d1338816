package auth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
	"github.com/sirupsen/logrus"
)

func TestLoadKeyIsGeneratedOnceAndKeptPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadKey(dir)
	if err != nil || !bytes.Equal(first, again) || len(first) != 64 {
		t.Fatalf("second LoadKey = %d bytes, equal %v, %v; want the same 64-byte key", len(again), bytes.Equal(first, again), err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
	if err := os.WriteFile(filepath.Join(dir, KeyFile), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(dir); err == nil {
		t.Error("a truncated key file was accepted")
	}
}

func TestLocalPathKeepsViewersOnThisSite(t *testing.T) {
	tests := map[string]string{
		"/services/acme/api?tier=critical": "/services/acme/api?tier=critical",
		"https://evil.example/":            "/",
		"//evil.example/":                  "/",
		`/\evil.example`:                   "/",
		"":                                 "/",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := localPath(in); got != want {
				t.Errorf("localPath(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestAccessIsCachedForAtMostFiveMinutes(t *testing.T) {
	fake := githubfake.New(t)
	fake.AddInstallation(1, "acme")
	fake.AddRepo(1, "acme", "open", map[string]string{"README.md": "x"})
	fake.AddRepo(1, "acme", "secret", map[string]string{"README.md": "x"}, githubfake.RepoPrivate())
	acc, err := newAccess(fake.URL()+"/", http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	acc.now = func() time.Time { return now }
	token := fake.UserToken("bob")
	ask := func() *Viewer {
		v, err := acc.viewer(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v := ask()
	if v.Login != "bob" || !v.CanSee("ACME", "open") || v.CanSee("acme", "secret") {
		t.Fatalf("bob = %+v", v)
	}
	fake.SetPermission("acme", "secret", "bob", "read")
	now = now.Add(accessTTL - time.Second)
	if ask().CanSee("acme", "secret") {
		t.Error("access was asked again before the cache expired")
	}
	now = now.Add(2 * time.Second)
	if !ask().CanSee("acme", "secret") {
		t.Error("a grant on GitHub was not seen after five minutes")
	}
	if got := fake.Requests().ByRoute["GET /user"]; got != 2 {
		t.Errorf("GET /user asked %d times, want 2 (once per cache period)", got)
	}
}

func TestRequire(t *testing.T) {
	fake := githubfake.New(t)
	key := bytes.Repeat([]byte{7}, 64)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "viewer "+From(r.Context()).Login)
	})
	tests := map[string]struct {
		public, api bool
		bearer      string
		code        int
		location    string
	}{
		"anonymous page":   {code: http.StatusFound, location: "/login?next=%2Fservices%2Facme%2Fapi"},
		"anonymous API":    {api: true, code: http.StatusUnauthorized},
		"unknown bearer":   {api: true, bearer: "ghu_nobody", code: http.StatusUnauthorized},
		"user bearer":      {api: true, bearer: fake.UserToken("alice"), code: http.StatusOK},
		"public page":      {public: true, code: http.StatusOK},
		"public API":       {public: true, api: true, code: http.StatusOK},
		"bearer on a page": {bearer: fake.UserToken("carol"), code: http.StatusOK},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := New(Config{GitHubURL: fake.URL(), APIURL: fake.URL() + "/", PublicURL: "http://prc.test", ClientID: "c", Public: tc.public, Key: key}, logrus.New())
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/services/acme/api", nil)
			if tc.bearer != "" {
				req.Header.Set("Authorization", "Bearer "+tc.bearer)
			}
			rec := httptest.NewRecorder()
			a.Require(tc.api, ok).ServeHTTP(rec, req)
			if rec.Code != tc.code || rec.Header().Get("Location") != tc.location {
				t.Errorf("= %d to %q, want %d to %q (%s)", rec.Code, rec.Header().Get("Location"), tc.code, tc.location, rec.Body)
			}
		})
	}
}

func TestSessionCookieIsSignedHttpOnlyAndLax(t *testing.T) {
	for _, secure := range []bool{false, true} {
		c := newCookies(bytes.Repeat([]byte{1}, 64), secure)
		rec := httptest.NewRecorder()
		if err := c.set(rec, sessionCookie, Session{Login: "alice", Token: "ghu_x", CSRF: "k"}, time.Hour); err != nil {
			t.Fatal(err)
		}
		resp := rec.Result()
		ck := resp.Cookies()[0]
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != secure || bytes.Contains([]byte(ck.Value), []byte("ghu_x")) {
			t.Errorf("cookie = %+v, want HttpOnly, SameSite=Lax, Secure=%v and the token encrypted", ck, secure)
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.AddCookie(ck)
		var s Session
		if !c.get(req, sessionCookie, &s) || s.Login != "alice" {
			t.Errorf("the cookie did not decode: %+v", s)
		}
		other := newCookies(bytes.Repeat([]byte{2}, 64), secure)
		if other.get(req, sessionCookie, &Session{}) {
			t.Error("a cookie signed with another key was accepted")
		}
	}
}
