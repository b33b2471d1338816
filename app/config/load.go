package config

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/prchq/prc/checklist/yamlx"
)

// setting binds one option to its flag name and environment variable.
type setting struct {
	flag, env, usage string
	str              *string
	i64              *int64
	dur              *time.Duration
	boolean          *bool
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "app-id", env: "PRC_APP_ID", usage: "GitHub App id", i64: &c.AppID},
		{flag: "private-key-file", env: "PRC_PRIVATE_KEY_FILE", usage: "path of the App's private key (PEM)", str: &c.PrivateKeyFile},
		{flag: "private-key", env: "PRC_PRIVATE_KEY", usage: "the App's private key (PEM text)", str: &c.PrivateKey},
		{flag: "webhook-secret", env: "PRC_WEBHOOK_SECRET", usage: "webhook secret", str: &c.WebhookSecret},
		{flag: "webhook-secret-previous", env: "PRC_WEBHOOK_SECRET_PREVIOUS", usage: "previous webhook secret, accepted during rotation", str: &c.WebhookSecretPrevious},
		{flag: "github-api-url", env: "PRC_GITHUB_API_URL", usage: "GitHub REST API URL (GitHub Enterprise: https://HOST/api/v3/)", str: &c.GitHubAPIURL},
		{flag: "listen", env: "PRC_LISTEN", usage: "HTTP listen address", str: &c.Listen},
		{flag: "data-dir", env: "PRC_DATA_DIR", usage: "directory of the embedded SQLite database", str: &c.DataDir},
		{flag: "database-url", env: "PRC_DATABASE_URL", usage: "postgres:// URL to use PostgreSQL instead of SQLite", str: &c.DatabaseURL},
		{flag: "issue-label", env: "PRC_ISSUE_LABEL", usage: "label of PRC issues", str: &c.IssueLabel},
		{flag: "launch-label", env: "PRC_LAUNCH_LABEL", usage: "label that asks to launch a service", str: &c.LaunchLabel},
		{flag: "check-name", env: "PRC_CHECK_NAME", usage: "name of the pull-request check run", str: &c.CheckName},
		{flag: "resync-interval", env: "PRC_RESYNC_INTERVAL", usage: "how often every service is re-evaluated", dur: &c.ResyncInterval},
		{flag: "redelivery-interval", env: "PRC_REDELIVERY_INTERVAL", usage: "how often missed webhooks are asked for again", dur: &c.RedeliveryInterval},
		{flag: "log-format", env: "PRC_LOG_FORMAT", usage: "json, text or auto", str: &c.LogFormat},
		{flag: "log-level", env: "PRC_LOG_LEVEL", usage: "debug, info, warn or error", str: &c.LogLevel},
		{flag: "public-url", env: "PRC_PUBLIC_URL", usage: "external base URL of this prc (webhook, setup and login callbacks)", str: &c.PublicURL},
		{flag: "github-url", env: "PRC_GITHUB_URL", usage: "GitHub's web URL (GitHub Enterprise: https://HOST)", str: &c.GitHubURL},
		{flag: "dashboard-public", env: "PRC_DASHBOARD_PUBLIC", usage: "1 to serve the dashboard without login", boolean: &c.DashboardPublic},
		{flag: "setup-print", env: "PRC_SETUP_PRINT", usage: "1 to print the credentials setup creates instead of storing them", boolean: &c.SetupPrint},
		{flag: "metrics-listen", env: "PRC_METRICS_LISTEN", usage: "serve /metrics on this address instead of the main listener", str: &c.MetricsListen},
		{flag: "client-id", env: "PRC_CLIENT_ID", usage: "the App's OAuth client id, for login", str: &c.ClientID},
		{flag: "client-secret", env: "PRC_CLIENT_SECRET", usage: "the App's OAuth client secret, for login", str: &c.ClientSecret},
	}
}

// Load builds the configuration: defaults, then the YAML file named by --config or PRC_CONFIG,
// then the environment, then flags. It does not validate; call Validate.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Defaults()
	fs := flag.NewFlagSet("prc serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("config", getenv("PRC_CONFIG"), "YAML configuration file (env PRC_CONFIG)")
	flagged := Defaults()
	for _, s := range flagged.settings() {
		usage := fmt.Sprintf("%s (env %s)", s.usage, s.env)
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.flag, *s.str, usage)
		case s.i64 != nil:
			fs.Int64Var(s.i64, s.flag, *s.i64, usage)
		case s.dur != nil:
			fs.DurationVar(s.dur, s.flag, *s.dur, usage)
		case s.boolean != nil:
			fs.BoolVar(s.boolean, s.flag, *s.boolean, usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if *file != "" {
		if err := c.readFile(*file); err != nil {
			return c, err
		}
	}
	if err := c.applyEnv(getenv); err != nil {
		return c, err
	}
	c.applyFlags(fs, &flagged)
	return c, nil
}

func (c *Config) readFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("PRC_CONFIG: %w", err)
	}
	n, err := yamlx.Parse(path, data)
	if err != nil {
		return err
	}
	return yamlx.Decode(path, n, c)
}

func (c *Config) applyEnv(getenv func(string) string) error {
	for _, s := range c.settings() {
		v := getenv(s.env)
		if v == "" {
			continue
		}
		if err := s.set(v); err != nil {
			return fmt.Errorf("%s: %w", s.env, err)
		}
	}
	return nil
}

// applyFlags copies the flags the user set from the flag-bound config into c, value by value.
func (c *Config) applyFlags(fs *flag.FlagSet, flagged *Config) {
	mine, theirs := c.settings(), flagged.settings()
	byName := make(map[string]int, len(mine))
	for i, s := range mine {
		byName[s.flag] = i
	}
	fs.Visit(func(f *flag.Flag) {
		if i, ok := byName[f.Name]; ok {
			mine[i].copyFrom(theirs[i])
		}
	})
}

// copyFrom sets s's option to o's value; both bind the same option of two configs.
func (s setting) copyFrom(o setting) {
	switch {
	case s.str != nil:
		*s.str = *o.str
	case s.i64 != nil:
		*s.i64 = *o.i64
	case s.boolean != nil:
		*s.boolean = *o.boolean
	case s.dur != nil:
		*s.dur = *o.dur
	}
}

func (s setting) set(v string) error {
	switch {
	case s.str != nil:
		*s.str = v
	case s.i64 != nil:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", v)
		}
		*s.i64 = n
	case s.dur != nil:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration: %q", v)
		}
		*s.dur = d
	case s.boolean != nil:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want 1 or 0, got %q", v)
		}
		*s.boolean = b
	}
	return nil
}
