// Package config reads `prc serve`'s settings from flags, the environment and an optional YAML
// file (flags override the environment, which overrides the file), applies defaults in one place,
// and validates them once with errors that name the setting.
package config

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config is everything `prc serve` needs.
type Config struct {
	AppID                 int64         `yaml:"appID"`
	PrivateKeyFile        string        `yaml:"privateKeyFile"`
	PrivateKey            string        `yaml:"privateKey"`
	WebhookSecret         string        `yaml:"webhookSecret"`
	WebhookSecretPrevious string        `yaml:"webhookSecretPrevious"`
	GitHubAPIURL          string        `yaml:"githubAPIURL"`
	Listen                string        `yaml:"listen"`
	DataDir               string        `yaml:"dataDir"`
	DatabaseURL           string        `yaml:"databaseURL"`
	IssueLabel            string        `yaml:"issueLabel"`
	LaunchLabel           string        `yaml:"launchLabel"`
	CheckName             string        `yaml:"checkName"`
	ResyncInterval        time.Duration `yaml:"resyncInterval"`
	RedeliveryInterval    time.Duration `yaml:"redeliveryInterval"`
	LogFormat             string        `yaml:"logFormat"`
	LogLevel              string        `yaml:"logLevel"`
	PublicURL             string        `yaml:"publicURL"`
	GitHubURL             string        `yaml:"githubURL"`
	DashboardPublic       bool          `yaml:"dashboardPublic"`
	SetupPrint            bool          `yaml:"setupPrint"`
	MetricsListen         string        `yaml:"metricsListen"`
	ClientID              string        `yaml:"clientID"`
	ClientSecret          string        `yaml:"clientSecret"`

	// PrivateKeyPEM is the key's PEM, read from PrivateKey or PrivateKeyFile by Validate.
	PrivateKeyPEM []byte `yaml:"-"`
}

// MinInterval is the shortest resync or redelivery interval accepted, for tests and small
// installations.
const MinInterval = 10 * time.Second

// Defaults returns the configuration before any file, environment or flag is read.
func Defaults() Config {
	return Config{
		GitHubAPIURL:   "https://api.github.com/",
		GitHubURL:      "https://github.com",
		Listen:         ":8080",
		DataDir:        "./prc-data",
		IssueLabel:     "prc",
		LaunchLabel:    "launch",
		CheckName:      "Production readiness",
		ResyncInterval: 6 * time.Hour,
		// RedeliveryInterval is how often GitHub's delivery log is searched for missed webhooks.
		RedeliveryInterval: 10 * time.Minute,
		LogFormat:          "auto",
		LogLevel:           "info",
	}
}

// Validate checks every setting, reads the private key, and normalises the URLs.
func (c *Config) Validate() error {
	var errs []error
	add := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if c.AppID <= 0 {
		add("PRC_APP_ID", "required: the GitHub App's numeric id")
	}
	if err := c.loadKey(); err != nil {
		errs = append(errs, err)
	}
	if c.WebhookSecret == "" {
		add("PRC_WEBHOOK_SECRET", "required: the secret set on the App's webhook")
	}
	return errors.Join(append(errs, c.ValidateSetup())...)
}

// HasCredentials reports whether any of the App's credentials is set. Without any, `prc serve`
// starts in setup mode; with some, Validate names the missing ones.
func (c *Config) HasCredentials() bool {
	return c.AppID != 0 || c.PrivateKey != "" || c.PrivateKeyFile != "" || c.WebhookSecret != ""
}

// ValidateSetup checks every setting but the App's credentials, which setup mode does without.
func (c *Config) ValidateSetup() error {
	var errs []error
	add := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	errs = append(errs, c.normaliseWebURLs())
	if u, err := url.Parse(c.GitHubAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("PRC_GITHUB_API_URL", "must be an absolute http(s) URL, got %q", c.GitHubAPIURL)
	} else if !strings.HasSuffix(c.GitHubAPIURL, "/") {
		c.GitHubAPIURL += "/"
	}
	if c.Listen == "" {
		add("PRC_LISTEN", "must not be empty")
	}
	if c.DatabaseURL != "" && !IsPostgres(c.DatabaseURL) {
		add("PRC_DATABASE_URL", "must be a postgres:// URL, or empty for the embedded SQLite database")
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		add("PRC_DATA_DIR", "must not be empty")
	}
	if c.ResyncInterval < MinInterval {
		add("PRC_RESYNC_INTERVAL", "must be at least %s, got %s", MinInterval, c.ResyncInterval)
	}
	if c.RedeliveryInterval < MinInterval {
		add("PRC_REDELIVERY_INTERVAL", "must be at least %s, got %s", MinInterval, c.RedeliveryInterval)
	}
	for name, v := range map[string]string{"PRC_ISSUE_LABEL": c.IssueLabel, "PRC_LAUNCH_LABEL": c.LaunchLabel, "PRC_CHECK_NAME": c.CheckName} {
		if strings.TrimSpace(v) == "" {
			add(name, "must not be empty")
		}
	}
	return errors.Join(errs...)
}

// normaliseWebURLs checks PRC_GITHUB_URL and PRC_PUBLIC_URL, dropping trailing slashes. Without
// PRC_PUBLIC_URL, prc assumes it is reached on localhost at the listen port.
func (c *Config) normaliseWebURLs() error {
	var errs []error
	if c.PublicURL == "" {
		_, port, err := net.SplitHostPort(c.Listen)
		if err != nil || port == "" || port == "0" {
			port = "8080"
		}
		c.PublicURL = "http://localhost:" + port
	}
	for _, s := range []struct {
		name string
		v    *string
	}{{"PRC_PUBLIC_URL", &c.PublicURL}, {"PRC_GITHUB_URL", &c.GitHubURL}} {
		u, err := url.Parse(*s.v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("%s: must be an absolute http(s) URL, got %q", s.name, *s.v))
			continue
		}
		*s.v = strings.TrimRight(*s.v, "/")
	}
	return errors.Join(errs...)
}

// IsPostgres reports whether a database URL selects PostgreSQL.
func IsPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

func (c *Config) loadKey() error {
	switch {
	case c.PrivateKey != "":
		c.PrivateKeyPEM = []byte(strings.ReplaceAll(c.PrivateKey, `\n`, "\n"))
		return checkKey("PRC_PRIVATE_KEY", c.PrivateKeyPEM)
	case c.PrivateKeyFile != "":
		data, err := os.ReadFile(c.PrivateKeyFile)
		if err != nil {
			return fmt.Errorf("PRC_PRIVATE_KEY_FILE: %w", err)
		}
		c.PrivateKeyPEM = data
		return checkKey("PRC_PRIVATE_KEY_FILE", data)
	default:
		return errors.New("PRC_PRIVATE_KEY_FILE or PRC_PRIVATE_KEY: required: the GitHub App's private key (PEM)")
	}
}

func checkKey(name string, data []byte) error {
	block, _ := pem.Decode(data)
	if block == nil {
		return fmt.Errorf("%s: not a PEM private key", name)
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
		return fmt.Errorf("%s: not an RSA private key: %v", name, err)
	}
	return nil
}
