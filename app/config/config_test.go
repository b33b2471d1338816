package config_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/config"
)

func testKey(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "prc.yaml")
	if err := os.WriteFile(file, []byte("appID: 1\nlisten: ':7000'\nlaunchLabel: ship-it\ndataDir: /from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"PRC_CONFIG": file, "PRC_APP_ID": "2", "PRC_LISTEN": ":9000", "PRC_RESYNC_INTERVAL": "30m"})
	c, err := config.Load([]string{"--listen", ":9100"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.AppID != 2 || c.Listen != ":9100" || c.LaunchLabel != "ship-it" || c.DataDir != "/from-file" || c.ResyncInterval != 30*time.Minute || c.IssueLabel != "prc" {
		t.Errorf("config = %+v", c)
	}
}

func TestValidate(t *testing.T) {
	key := testKey(t)
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	valid := map[string]string{"PRC_APP_ID": "42", "PRC_PRIVATE_KEY_FILE": keyFile, "PRC_WEBHOOK_SECRET": "s"}
	tests := map[string]struct {
		env  map[string]string
		want string
	}{
		"valid":            {nil, ""},
		"inline key":       {map[string]string{"PRC_PRIVATE_KEY_FILE": "", "PRC_PRIVATE_KEY": strings.ReplaceAll(key, "\n", `\n`)}, ""},
		"no app id":        {map[string]string{"PRC_APP_ID": ""}, "PRC_APP_ID: required"},
		"bad app id":       {map[string]string{"PRC_APP_ID": "abc"}, "PRC_APP_ID: not a number"},
		"no key":           {map[string]string{"PRC_PRIVATE_KEY_FILE": ""}, "PRC_PRIVATE_KEY_FILE or PRC_PRIVATE_KEY: required"},
		"missing key file": {map[string]string{"PRC_PRIVATE_KEY_FILE": "/nope.pem"}, "PRC_PRIVATE_KEY_FILE: open /nope.pem"},
		"garbage key":      {map[string]string{"PRC_PRIVATE_KEY_FILE": "", "PRC_PRIVATE_KEY": "hello"}, "PRC_PRIVATE_KEY: not a PEM private key"},
		"no secret":        {map[string]string{"PRC_WEBHOOK_SECRET": ""}, "PRC_WEBHOOK_SECRET: required"},
		"bad api url":      {map[string]string{"PRC_GITHUB_API_URL": "api.github.com"}, "PRC_GITHUB_API_URL: must be an absolute http(s) URL"},
		"bad database":     {map[string]string{"PRC_DATABASE_URL": "mysql://x"}, "PRC_DATABASE_URL: must be a postgres:// URL"},
		"bad duration":     {map[string]string{"PRC_RESYNC_INTERVAL": "often"}, "PRC_RESYNC_INTERVAL: not a duration"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range valid {
				env[k] = v
			}
			for k, v := range tc.env {
				env[k] = v
			}
			c, err := config.Load(nil, envOf(env), io.Discard)
			if err == nil {
				err = c.Validate()
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error = %v, want %q", err, tc.want)
			case tc.want == "" && (len(c.PrivateKeyPEM) == 0 || !strings.HasSuffix(c.GitHubAPIURL, "/")):
				t.Fatalf("validated config = %+v", c)
			}
		})
	}
}

func TestUnknownFileField(t *testing.T) {
	file := filepath.Join(t.TempDir(), "prc.yaml")
	if err := os.WriteFile(file, []byte("appId: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load([]string{"--config", file}, envOf(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), `prc.yaml:1:1: unknown field "appId"`) {
		t.Errorf("error = %v", err)
	}
}

// TestFlagsOfEveryType sets a string, a number and a duration by flag over the environment.
func TestFlagsOfEveryType(t *testing.T) {
	env := envOf(map[string]string{"PRC_APP_ID": "2", "PRC_RESYNC_INTERVAL": "30m", "PRC_ISSUE_LABEL": "env-label"})
	tests := map[string]struct {
		args    []string
		check   func(config.Config) bool
		wantErr bool
	}{
		"number":          {args: []string{"--app-id", "42"}, check: func(c config.Config) bool { return c.AppID == 42 && c.ResyncInterval == 30*time.Minute }},
		"duration":        {args: []string{"--resync-interval", "2h"}, check: func(c config.Config) bool { return c.ResyncInterval == 2*time.Hour && c.AppID == 2 }},
		"string":          {args: []string{"--issue-label", "flag-label"}, check: func(c config.Config) bool { return c.IssueLabel == "flag-label" }},
		"unset keeps env": {args: nil, check: func(c config.Config) bool { return c.IssueLabel == "env-label" && c.AppID == 2 }},
		"bad number":      {args: []string{"--app-id", "x"}, wantErr: true},
		"bad duration":    {args: []string{"--resync-interval", "soon"}, wantErr: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := config.Load(tt.args, env, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && !tt.check(c) {
				t.Errorf("config %+v", c)
			}
		})
	}
}
