package deploy_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/prchq/prc/app/server"
	"github.com/prchq/prc/app/webhook"
)

// appManifest is a GitHub App manifest: every parameter GitHub's manifest flow accepts, so that a
// misspelt one fails to decode instead of being dropped by GitHub.
type appManifest struct {
	Name               string            `yaml:"name"`
	Description        string            `yaml:"description"`
	URL                string            `yaml:"url"`
	HookAttributes     hookAttributes    `yaml:"hook_attributes"`
	RedirectURL        string            `yaml:"redirect_url"`
	CallbackURLs       []string          `yaml:"callback_urls"`
	SetupURL           string            `yaml:"setup_url"`
	Public             *bool             `yaml:"public"`
	DefaultPermissions map[string]string `yaml:"default_permissions"`
	DefaultEvents      []string          `yaml:"default_events"`
	RequestOAuth       bool              `yaml:"request_oauth_on_install"`
	SetupOnUpdate      bool              `yaml:"setup_on_update"`
}

type hookAttributes struct {
	URL    string `yaml:"url"`
	Active *bool  `yaml:"active"`
}

func readManifest(t *testing.T) appManifest {
	t.Helper()
	data, err := os.ReadFile("app-manifest.yml")
	if err != nil {
		t.Fatalf("read app-manifest.yml: %v", err)
	}
	var m appManifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode app-manifest.yml: %v", err)
	}
	return m
}

// TestAppManifestAsksForWhatTheIssueLists compares with the permissions and events that
// registering the App needs (issue 3, "Done when"); installation and installation_repositories
// reach every App without a subscription, and GitHub refuses to subscribe to them.
func TestAppManifestAsksForWhatTheIssueLists(t *testing.T) {
	m := readManifest(t)
	wantPerms := map[string]string{
		"issues": "write", "checks": "write", "contents": "read", "pull_requests": "write", "metadata": "read",
	}
	if !reflect.DeepEqual(m.DefaultPermissions, wantPerms) {
		t.Errorf("default_permissions = %v, want %v", m.DefaultPermissions, wantPerms)
	}
	wantEvents := []string{"check_run", "check_suite", "issues", "pull_request", "push", "repository"}
	got := append([]string(nil), m.DefaultEvents...)
	sort.Strings(got)
	if !reflect.DeepEqual(got, wantEvents) {
		t.Errorf("default_events = %v, want exactly %v", got, wantEvents)
	}
	if m.Public == nil || *m.Public {
		t.Errorf("public = %s, want false", show(m.Public))
	}
	if m.Name == "" {
		t.Error("name is empty")
	}
	if m.HookAttributes.Active != nil && !*m.HookAttributes.Active {
		t.Error("hook_attributes.active is false: GitHub would send no webhook")
	}
}

// TestAppManifestEventsAreHandled checks each subscribed event against the webhook handler with
// an action prc needs: a subscription prc drops would only cost deliveries.
func TestAppManifestEventsAreHandled(t *testing.T) {
	actions := map[string]string{
		"repository": "created", "push": "", "issues": "edited", "pull_request": "synchronize",
		"check_suite": "requested", "check_run": "rerequested",
		"installation": "created", "installation_repositories": "added",
	}
	events := append(readManifest(t).DefaultEvents, "installation", "installation_repositories")
	for _, event := range events {
		t.Run(event, func(t *testing.T) {
			action, ok := actions[event]
			if !ok {
				t.Fatalf("no action known for event %q: add one here", event)
			}
			if !webhook.Handles(event, action) {
				t.Errorf("webhook does not handle %s.%s", event, action)
			}
		})
	}
}

// TestAppManifestURLs checks that the URLs are absolute https and that GitHub's deliveries reach
// the webhook route of the real router.
func TestAppManifestURLs(t *testing.T) {
	m := readManifest(t)
	urls := map[string]string{"url": m.URL, "hook_attributes.url": m.HookAttributes.URL, "redirect_url": m.RedirectURL, "setup_url": m.SetupURL}
	for i, u := range m.CallbackURLs {
		urls[fmt.Sprintf("callback_urls[%d]", i)] = u
	}
	for name, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s = %q, want an absolute https URL", name, raw)
		}
	}
	hook, err := url.Parse(m.HookAttributes.URL)
	if err != nil {
		t.Fatalf("hook_attributes.url: %v", err)
	}
	if code := serveRoute(t, http.MethodPost, hook.Path, nil); code != http.StatusTeapot {
		t.Errorf("POST %s reached status %d, not the webhook handler", hook.Path, code)
	}
	// The routes issue 8 names for setup and sign-in, all on the same public address.
	for name, want := range map[string]string{"redirect_url": "/setup/callback", "setup_url": "/"} {
		if u, _ := url.Parse(urls[name]); u == nil || u.Host != hook.Host || u.Path != want {
			t.Errorf("%s = %q, want %s on %s", name, urls[name], want, hook.Host)
		}
	}
	if len(m.CallbackURLs) != 1 || m.CallbackURLs[0] != "https://"+hook.Host+"/auth/callback" || m.RequestOAuth {
		t.Errorf("callback_urls %v request_oauth_on_install %v, want [https://%s/auth/callback] and false", m.CallbackURLs, m.RequestOAuth, hook.Host)
	}
}

// serveRoute sends one request through server.NewRouter with a webhook stub that answers 418,
// and returns the status. A nil storeErr means a healthy store and running workers.
func serveRoute(t *testing.T, method, path string, storeErr error) int {
	t.Helper()
	hook := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	rec := httptest.NewRecorder()
	server.NewRouter(hook, stubReady{err: storeErr}).ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code
}

type stubReady struct{ err error }

func (s stubReady) Ping(context.Context) error { return s.err }
func (s stubReady) Running() bool              { return s.err == nil }

var errStoreDown = errors.New("store down")
