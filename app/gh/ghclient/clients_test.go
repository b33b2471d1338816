package ghclient_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
)

func TestNewValidatesConfig(t *testing.T) {
	e := newEnv(t)
	key := e.fake.PrivateKeyPEM()
	tests := map[string]struct {
		cfg     ghclient.Config
		wantErr string
	}{
		"ok":              {cfg: ghclient.Config{AppID: 1, PrivateKeyPEM: key, BaseURL: "https://ghe.example.com/api/v3/"}},
		"default base":    {cfg: ghclient.Config{AppID: 1, PrivateKeyPEM: key}},
		"no app id":       {cfg: ghclient.Config{PrivateKeyPEM: key}, wantErr: "AppID"},
		"no key":          {cfg: ghclient.Config{AppID: 1}, wantErr: "private key"},
		"garbage key":     {cfg: ghclient.Config{AppID: 1, PrivateKeyPEM: []byte("-----BEGIN RSA PRIVATE KEY-----\nxx\n")}, wantErr: "private key"},
		"not a url":       {cfg: ghclient.Config{AppID: 1, PrivateKeyPEM: key, BaseURL: "api.github.com"}, wantErr: "BaseURL"},
		"unsupported url": {cfg: ghclient.Config{AppID: 1, PrivateKeyPEM: key, BaseURL: "ftp://x/"}, wantErr: "BaseURL"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ghclient.New(tc.cfg)
			if (tc.wantErr == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want one naming %q", err, tc.wantErr)
			}
		})
	}
}

func TestInstallationClientIsCached(t *testing.T) {
	e := newEnv(t)
	e.fake.AddInstallation(12, "other")
	cs := e.clients(t)
	var wg sync.WaitGroup
	got := make([]gh.Client, 16)
	for k := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := cs.Installation(bg, inst)
			if err != nil {
				t.Error(err)
			}
			got[k] = c
		}()
	}
	wg.Wait()
	for _, c := range got {
		if c != got[0] {
			t.Fatal("different clients for one installation")
		}
	}
	other, err := cs.Installation(bg, 12)
	if err != nil || other == got[0] {
		t.Errorf("installation 12: %v, same client %v", err, other == got[0])
	}
	if _, err := cs.Installation(bg, 0); err == nil {
		t.Error("installation 0 accepted")
	}
	cs.Forget(inst)
	if again, _ := cs.Installation(bg, inst); again == got[0] {
		t.Error("Forget kept the client")
	}
}

func TestTokenIsReused(t *testing.T) {
	e := newEnv(t)
	cs := e.clients(t)
	for range 5 {
		c, err := cs.Installation(bg, inst)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Repository(bg, org, repoN); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.fake.Requests().TokensIssued; n != 1 {
		t.Errorf("%d tokens issued for 5 calls, want 1", n)
	}
	cs.Forget(inst)
	c, _ := cs.Installation(bg, inst)
	if _, err := c.Repository(bg, org, repoN); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Requests().TokensIssued; n != 2 {
		t.Errorf("%d tokens issued, want a second one after Forget", n)
	}
}

// TestEnterpriseBaseURL puts the fake behind /api/v3, as GitHub Enterprise Server serves its API.
func TestEnterpriseBaseURL(t *testing.T) {
	e := newEnv(t)
	target, _ := url.Parse(e.fake.URL())
	var mu sync.Mutex
	var paths []string
	proxy := httputil.NewSingleHostReverseProxy(target)
	ghes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		rest, ok := strings.CutPrefix(r.URL.Path, "/api/v3/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		r.URL.Path = "/" + rest
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(ghes.Close)
	cs, err := ghclient.New(ghclient.Config{AppID: e.fake.AppID(), PrivateKeyPEM: e.fake.PrivateKeyPEM(), BaseURL: ghes.URL + "/api/v3/"})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cs.Installation(bg, inst)
	r, err := c.Repository(bg, org, repoN)
	if err != nil || r.FullName() != "acme/api" {
		t.Fatalf("Repository = %+v, %v", r, err)
	}
	want := []string{"/api/v3/app/installations/11/access_tokens", "/api/v3/repos/acme/api"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths %v, want %v", paths, want)
	}
}
