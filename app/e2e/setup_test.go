package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/logtest"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/setup"
	"github.com/sirupsen/logrus"
)

// setupServer runs `prc serve` without credentials against fake, returning its base URL and a
// channel with Serve's result.
func setupServer(t *testing.T, fake *githubfake.Fake, cfg config.Config, opts ...app.Option) (string, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg.PublicURL, cfg.GitHubURL, cfg.GitHubAPIURL = base, fake.URL(), fake.URL()+"/"
	log := logrus.New()
	log.SetOutput(io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, cfg, log, append(opts, app.WithListener(ln))...) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return base, done
}

var (
	formAction = regexp.MustCompile(`<form id="register" method="post" action="([^"]+)">`)
	manifestIn = regexp.MustCompile(`name="manifest" value="([^"]+)"`)
)

// registerThroughPage reads the setup page like a browser without JavaScript and submits its form.
func registerThroughPage(t *testing.T, client *http.Client, base, query string) *http.Response {
	t.Helper()
	resp, err := client.Get(base + "/" + query)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	action, mf := formAction.FindSubmatch(page), manifestIn.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || action == nil || mf == nil {
		t.Fatalf("setup page (%d) lacks the registration form:\n%s", resp.StatusCode, page)
	}
	target := unescapeHTML(string(action[1]))
	resp, err = client.PostForm(target, url.Values{"manifest": {unescapeHTML(string(mf[1]))}})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func unescapeHTML(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&#43;", "+").Replace(s)
}

func TestSetupRegistersTheAppAndServesWithoutRestart(t *testing.T) {
	fake := githubfake.New(t)
	fake.AddInstallation(installation, org)
	cfg := config.Defaults()
	cfg.DataDir, cfg.Listen = t.TempDir(), "127.0.0.1:0"
	base, _ := setupServer(t, fake, cfg)

	var visited []string
	client := &http.Client{CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		visited = append(visited, r.URL.String())
		return nil
	}}
	resp := registerThroughPage(t, client, base, "?org="+org)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasSuffix(resp.Request.URL.Path, "/apps/prc/installations/new") {
		t.Fatalf("registration ended at %s (%d), want the App's installation page; visited %v", resp.Request.URL, resp.StatusCode, visited)
	}
	mfs := fake.Manifests()
	if len(mfs) != 1 {
		t.Fatalf("%d Apps registered, want 1", len(mfs))
	}
	mf := mfs[0]
	if mf.Org != org || mf.RedirectURL != base+"/setup/callback" || mf.SetupURL != base+"/" || mf.RequestOAuth ||
		len(mf.CallbackURLs) != 1 || mf.CallbackURLs[0] != base+"/auth/callback" || mf.HookAttributes["url"] != base+"/api/github/webhook" {
		t.Errorf("manifest = %+v", mf)
	}
	if mf.Permissions["issues"] != "write" || mf.Permissions["contents"] != "read" || len(mf.Events) != 6 {
		t.Errorf("manifest permissions %v, events %v", mf.Permissions, mf.Events)
	}
	info, err := os.Stat(filepath.Join(cfg.DataDir, setup.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("credentials mode = %v, want 0600", info.Mode().Perm())
	}
	stored, ok, err := setup.Load(cfg.DataDir)
	if err != nil || !ok || stored.AppID != fake.AppID() || stored.WebhookSecret != fake.WebhookSecret() || stored.ClientID == "" {
		t.Fatalf("stored credentials = %+v, %v, %v", stored, ok, err)
	}

	// The App now serves on the same listener: its webhook takes a delivery signed with the new secret.
	waitReady(t, base)
	r := fake.AddRepo(installation, org, "api", map[string]string{"README.md": "# api\n"})
	d := delivery("repository", repositoryCreated(t, r))
	if code := d.Post(t, base, stored.WebhookSecret); code != http.StatusAccepted {
		t.Fatalf("delivery after setup answered %d, want 202", code)
	}
	waitFor2(t, "a PRC issue opened by the new App", func() bool { return len(fake.Issues(org, "api")) > 0 })

	// Sign-in works with the OAuth client setup stored: GET / is now the dashboard.
	// The issue is opened before the evaluation is saved, so the dashboard may list it a moment later.
	fake.SignIn("alice")
	jar, _ := cookiejar.New(nil)
	var page []byte
	waitFor2(t, "the dashboard listing acme/api", func() bool {
		resp, err := (&http.Client{Jar: jar}).Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		page, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK && bytes.Contains(page, []byte(`id="services"`)) && bytes.Contains(page, []byte("acme/api"))
	})

	// A second visit to the setup routes does nothing and says so.
	for _, path := range []string{"/setup/callback?code=x&state=y"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Contains(body, []byte("already set up")) {
			t.Errorf("GET %s once configured = %d %s", path, resp.StatusCode, body)
		}
	}
	if n := len(fake.Manifests()); n != 1 {
		t.Errorf("%d Apps registered after the second visit, want 1", n)
	}
}

func TestSetupPrintKeepsCredentialsOutOfTheDataDir(t *testing.T) {
	fake := githubfake.New(t)
	cfg := config.Defaults()
	cfg.DataDir, cfg.Listen, cfg.SetupPrint = t.TempDir(), "127.0.0.1:0", true
	var out logtest.Buffer
	base, _ := setupServer(t, fake, cfg, app.WithStdout(&out))
	resp := registerThroughPage(t, http.DefaultClient, base, "")
	resp.Body.Close()
	waitReady(t, base)
	if _, err := os.Stat(filepath.Join(cfg.DataDir, setup.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("credentials file exists with PRC_SETUP_PRINT=1: %v", err)
	}
	text := out.String()
	for _, want := range []string{"PRC_APP_ID=4242", "PRC_WEBHOOK_SECRET=" + fake.WebhookSecret(), "PRC_PRIVATE_KEY=-----BEGIN", "PRC_CLIENT_SECRET="} {
		if !strings.Contains(text, want) {
			t.Errorf("printed credentials lack %q:\n%s", want, text)
		}
	}
}

func TestSetupRejectsAStateItDidNotIssue(t *testing.T) {
	fake := githubfake.New(t)
	cfg := config.Defaults()
	cfg.DataDir, cfg.Listen = t.TempDir(), "127.0.0.1:0"
	base, _ := setupServer(t, fake, cfg)
	resp, err := http.Get(base + "/setup/callback?code=abc&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("forged state answered %d, want 400", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, setup.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("credentials stored for a forged state")
	}
}

func TestCredentialCheckAtStart(t *testing.T) {
	fake := githubfake.New(t)
	other := githubfake.New(t, githubfake.WithAppID(99)) // same key, another App: GitHub says 401
	base := config.Defaults()
	base.PrivateKey, base.WebhookSecret, base.Listen, base.DataDir = string(fake.PrivateKeyPEM()), secret, "127.0.0.1:0", t.TempDir()

	t.Run("rejected", func(t *testing.T) {
		cfg := base
		cfg.AppID, cfg.GitHubAPIURL = fake.AppID(), other.URL()+"/"
		err := app.Serve(context.Background(), cfg, logrus.New())
		if !errors.Is(err, app.ErrCredentials) || !strings.Contains(err.Error(), "PRC_APP_ID") || !strings.Contains(err.Error(), "private key") {
			t.Fatalf("Serve with a wrong App id = %v, want ErrCredentials naming PRC_APP_ID and the private key", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		closed, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := closed.Addr().String()
		closed.Close()
		cfg := base
		cfg.AppID, cfg.GitHubAPIURL = fake.AppID(), "http://"+addr+"/"
		var logs logtest.Buffer
		log := logrus.New()
		log.SetOutput(&logs)
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- app.Serve(ctx, cfg, log, app.WithListener(ln)) }()
		defer func() { cancel(); <-done }()
		url := "http://" + ln.Addr().String() + "/readyz"
		var status map[string]string
		waitFor2(t, "/readyz to answer", func() bool {
			resp, err := http.Get(url)
			if err != nil {
				return false
			}
			defer resp.Body.Close()
			return resp.StatusCode == http.StatusServiceUnavailable && json.NewDecoder(resp.Body).Decode(&status) == nil
		})
		if !strings.Contains(status["github"], "unreachable") || status["store"] != "ok" {
			t.Errorf("/readyz = %v, want github unreachable", status)
		}
		if strings.Contains(logs.String(), "slow down") {
			t.Errorf("a refused connection was logged as GitHub asking to slow down:\n%s", logs.String())
		}
	})
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	waitFor2(t, "the App to be ready", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		var status map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&status)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK && status["mode"] == "" && status["github"] == "ok"
	})
}

func waitFor2(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func repositoryCreated(t *testing.T, r *githubfake.Repo) map[string]any {
	e := &env{t: t}
	p := e.payload("repository/created", r)
	return p
}
