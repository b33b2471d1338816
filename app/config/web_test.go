package config_test

import (
	"io"
	"strings"
	"testing"

	"github.com/prchq/prc/app/config"
)

func TestWebSettings(t *testing.T) {
	tests := map[string]struct {
		env               map[string]string
		public, github    string
		dashboard, print  bool
		metrics, clientID string
		wantErr           string
	}{
		"defaults":     {env: nil, public: "http://localhost:8080", github: "https://github.com"},
		"listen port":  {env: map[string]string{"PRC_LISTEN": ":9000"}, public: "http://localhost:9000", github: "https://github.com"},
		"all set":      {env: map[string]string{"PRC_PUBLIC_URL": "https://prc.example/", "PRC_GITHUB_URL": "https://ghe.example/", "PRC_DASHBOARD_PUBLIC": "1", "PRC_SETUP_PRINT": "true", "PRC_METRICS_LISTEN": ":9090", "PRC_CLIENT_ID": "Iv1.x"}, public: "https://prc.example", github: "https://ghe.example", dashboard: true, print: true, metrics: ":9090", clientID: "Iv1.x"},
		"bad public":   {env: map[string]string{"PRC_PUBLIC_URL": "prc.example"}, wantErr: "PRC_PUBLIC_URL: must be an absolute http(s) URL"},
		"bad github":   {env: map[string]string{"PRC_GITHUB_URL": "ftp://ghe"}, wantErr: "PRC_GITHUB_URL: must be an absolute http(s) URL"},
		"bad boolean":  {env: map[string]string{"PRC_DASHBOARD_PUBLIC": "yes please"}, wantErr: "PRC_DASHBOARD_PUBLIC: want 1 or 0"},
		"public query": {env: map[string]string{"PRC_PUBLIC_URL": "https://prc.example/?x=1"}, wantErr: "PRC_PUBLIC_URL"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := config.Load(nil, envOf(tc.env), io.Discard)
			if err == nil {
				if c.HasCredentials() {
					t.Fatal("no credentials were given")
				}
				err = c.ValidateSetup()
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.PublicURL != tc.public || c.GitHubURL != tc.github || c.DashboardPublic != tc.dashboard || c.SetupPrint != tc.print ||
				c.MetricsListen != tc.metrics || c.ClientID != tc.clientID {
				t.Errorf("config = %+v", c)
			}
		})
	}
}

func TestFlagsSetTheWebSettings(t *testing.T) {
	c, err := config.Load([]string{"--dashboard-public", "--public-url", "https://flag.example"}, envOf(map[string]string{"PRC_PUBLIC_URL": "https://env.example"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.DashboardPublic || c.PublicURL != "https://flag.example" {
		t.Errorf("config = %+v", c)
	}
}
