package setup

import (
	"encoding/json"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/githubfake"
	"github.com/sirupsen/logrus"
)

func TestCheck(t *testing.T) {
	fake := githubfake.New(t)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + closed.Addr().String() + "/"
	closed.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer broken.Close()
	tests := map[string]struct {
		api   string
		appID int64
		check func(error) bool
	}{
		"accepted":          {fake.URL() + "/", fake.AppID(), func(err error) bool { return err == nil }},
		"wrong app id":      {fake.URL() + "/", fake.AppID() + 1, func(err error) bool { return errors.Is(err, ErrRejected) }},
		"connection refuse": {refused, fake.AppID(), func(err error) bool { var u *UnreachableError; return errors.As(err, &u) }},
		"GitHub failing":    {broken.URL + "/", fake.AppID(), func(err error) bool { var u *UnreachableError; return errors.As(err, &u) }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := Check(t.Context(), tc.api, tc.appID, fake.PrivateKeyPEM(), nil)
			if !tc.check(err) {
				t.Errorf("Check = %v", err)
			}
		})
	}
	if !strings.Contains(ErrRejected.Error(), "PRC_APP_ID") || !strings.Contains(ErrRejected.Error(), "private key") {
		t.Errorf("ErrRejected does not name PRC_APP_ID and the private key: %v", ErrRejected)
	}
}

func TestCredentialsRoundTripWithMode0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if _, ok, err := Load(dir); ok || err != nil {
		t.Fatalf("Load of an empty dir = %v, %v", ok, err)
	}
	want := Credentials{AppID: 7, Slug: "prc", PEM: "-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n", WebhookSecret: "w", ClientID: "c", ClientSecret: "s"}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := Load(dir)
	if err != nil || !ok || got != want {
		t.Fatalf("Load = %+v, %v, %v", got, ok, err)
	}
	info, _ := os.Stat(filepath.Join(dir, FileName))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", info.Mode().Perm())
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"id":0}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "PRC_DATA_DIR") {
		t.Errorf("Load of a foreign file = %v, want an error naming PRC_DATA_DIR", err)
	}
}

var (
	actionRe   = regexp.MustCompile(`<form id="register" method="post" action="([^"]+)">`)
	manifestRe = regexp.MustCompile(`name="manifest" value="([^"]+)"`)
)

func TestPage(t *testing.T) {
	h := NewHandler("https://ghe.example", "https://ghe.example/api/v3/", "https://prc.example", nil, logrus.New(), nil)
	r := mux.NewRouter()
	h.Register(r)
	tests := map[string]struct {
		query, action, problem string
	}{
		"personal":     {"", "https://ghe.example/settings/apps/new?state=", ""},
		"organisation": {"?org=acme-inc", "https://ghe.example/organizations/acme-inc/settings/apps/new?state=", ""},
		"bad org":      {"?org=%3Cscript%3E", "https://ghe.example/settings/apps/new?state=", "is not a GitHub organisation name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+tc.query, nil))
			body, _ := io.ReadAll(rec.Body)
			page := string(body)
			action, mf := actionRe.FindStringSubmatch(page), manifestRe.FindStringSubmatch(page)
			if rec.Code != http.StatusOK || action == nil || mf == nil {
				t.Fatalf("page %d lacks the form:\n%s", rec.Code, page)
			}
			if !strings.HasPrefix(html.UnescapeString(action[1]), tc.action) || !strings.Contains(page, tc.problem) || strings.Contains(page, "<script>") {
				t.Errorf("action %q, page:\n%s", action[1], page)
			}
			var m manifest
			if err := json.Unmarshal([]byte(html.UnescapeString(mf[1])), &m); err != nil {
				t.Fatal(err)
			}
			if m.HookAttributes.URL != "https://prc.example/api/github/webhook" || m.RedirectURL != "https://prc.example/setup/callback" ||
				m.SetupURL != "https://prc.example/" || m.CallbackURLs[0] != "https://prc.example/auth/callback" || m.RequestOAuthOnInstall {
				t.Errorf("manifest = %+v", m)
			}
		})
	}
}

func TestStateIsSingleUse(t *testing.T) {
	h := NewHandler("https://github.com", "https://api.github.com/", "https://prc.example", nil, logrus.New(), nil)
	s := h.newState()
	if !h.takeState(s) || h.takeState(s) || h.takeState("forged") {
		t.Error("a state must be accepted once and a forged one never")
	}
}

func TestApplyKeepsTheEnvironmentsOAuthClient(t *testing.T) {
	c := Credentials{AppID: 7, PEM: "pem", WebhookSecret: "w", ClientID: "stored", ClientSecret: "stored-secret"}
	cfg := config.Defaults()
	c.Apply(&cfg)
	if cfg.AppID != 7 || cfg.PrivateKey != "pem" || cfg.WebhookSecret != "w" || cfg.ClientID != "stored" || cfg.ClientSecret != "stored-secret" {
		t.Errorf("applied = %+v", cfg)
	}
	cfg = config.Defaults()
	cfg.ClientID, cfg.ClientSecret = "env", "env-secret"
	c.Apply(&cfg)
	if cfg.ClientID != "env" || cfg.ClientSecret != "env-secret" {
		t.Errorf("the environment's OAuth client was replaced: %s", cfg.ClientID)
	}
}
