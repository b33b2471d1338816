package deploy_test

import (
	"bufio"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/config"
)

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Secrets  map[string]struct {
		File string `yaml:"file"`
	} `yaml:"secrets"`
}

type composeService struct {
	Image string `yaml:"image"`
	Build *struct {
		Context string `yaml:"context"`
	} `yaml:"build"`
	EnvFile     string            `yaml:"env_file"`
	Environment map[string]string `yaml:"environment"`
	Ports       []string          `yaml:"ports"`
	User        string            `yaml:"user"`
	ReadOnly    bool              `yaml:"read_only"`
	CapDrop     []string          `yaml:"cap_drop"`
	Secrets     []string          `yaml:"secrets"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

// readDotenv reads KEY=VALUE lines, skipping blanks and comments.
func readDotenv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: not KEY=VALUE: %q", path, line)
		}
		env[k] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return env
}

var secretName = regexp.MustCompile(`SECRET|PASSWORD|PRIVATE_KEY$|APP_ID|CLIENT_ID`)

// TestCompose checks prc's service: its settings are ones prc reads and complete once prc.env is
// filled in, it reaches the healthy PostgreSQL service, the database password reaches PostgreSQL
// only, and prc runs locked down.
func TestCompose(t *testing.T) {
	files := decodeFile[composeFile](t, "compose.yaml")
	if len(files) != 1 {
		t.Fatalf("compose.yaml: %d documents, want 1", len(files))
	}
	cf, dotenv := files[0], readDotenv(t, "prc.env.example")
	prc, ok := cf.Services["prc"]
	if !ok {
		t.Fatal("compose.yaml has no prc service")
	}
	env := checkComposeEnv(t, prc, dotenv)
	checkComposeNoInterpolation(t)
	checkComposeDatabase(t, cf, prc, env)
	checkComposePassword(t, cf, prc, env)
	checkComposeHardening(t, cf, prc)
}

// checkComposeEnv: prc's environment (prc.env.example plus compose.yaml) holds only settings prc
// reads, with placeholders for the secret ones, the required ones included, and its port is
// published. It returns that environment.
func checkComposeEnv(t *testing.T, prc composeService, dotenv map[string]string) map[string]string {
	t.Helper()
	if prc.EnvFile != "prc.env" {
		t.Errorf("env_file = %q, want prc.env (from prc.env.example)", prc.EnvFile)
	}
	known, env := configEnvNames(t), map[string]string{}
	for k, v := range dotenv {
		env[k] = v
		if secretName.MatchString(k) && !strings.HasPrefix(v, "REPLACE_WITH_") {
			t.Errorf("prc.env.example %s = %q, want a REPLACE_WITH_ placeholder", k, v)
		}
	}
	for k, v := range prc.Environment {
		env[k] = v
	}
	for k := range env {
		if !known[k] {
			t.Errorf("%s is not a setting app/config reads", k)
		}
	}
	for _, name := range []string{"PRC_APP_ID", "PRC_WEBHOOK_SECRET", "PRC_PRIVATE_KEY_FILE", "PRC_DATABASE_URL"} {
		if env[name] == "" {
			t.Errorf("%s is set neither in prc.env.example nor in compose.yaml", name)
		}
	}
	listen := config.Defaults().Listen
	if v, ok := env["PRC_LISTEN"]; ok {
		listen = v
	}
	_, port, _ := net.SplitHostPort(listen)
	if !slices.ContainsFunc(prc.Ports, func(p string) bool { return strings.HasSuffix(p, ":"+port) }) {
		t.Errorf("ports %v do not publish prc's listen port %s", prc.Ports, port)
	}
	return env
}

// checkComposeNoInterpolation: compose.yaml reads no ${VAR}, so no .env file feeds it, and no
// value lands in a container's environment unseen.
func checkComposeNoInterpolation(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatalf("read compose.yaml: %v", err)
	}
	if m := regexp.MustCompile(`\$\{?[A-Za-z_]`).Find(data); m != nil {
		t.Errorf("compose.yaml interpolates %q: settings belong in prc.env, passwords in secret files", m)
	}
}

// checkComposeDatabase: PRC_DATABASE_URL selects PostgreSQL on a service prc waits for, with a
// placeholder for the password.
func checkComposeDatabase(t *testing.T, cf composeFile, prc composeService, env map[string]string) {
	t.Helper()
	raw := env["PRC_DATABASE_URL"]
	u, err := url.Parse(raw)
	if err != nil || !config.IsPostgres(raw) {
		t.Fatalf("PRC_DATABASE_URL %q is not a postgres:// URL", raw)
	}
	if pw, _ := u.User.Password(); !strings.HasPrefix(pw, "REPLACE_WITH_") {
		t.Errorf("PRC_DATABASE_URL's password %q is not a REPLACE_WITH_ placeholder", pw)
	}
	db, ok := cf.Services[u.Hostname()]
	if !ok || db.Healthcheck == nil {
		t.Fatalf("PRC_DATABASE_URL host %q is not a compose service with a healthcheck", u.Hostname())
	}
	if prc.DependsOn[u.Hostname()].Condition != "service_healthy" {
		t.Errorf("prc does not wait for %s to be healthy", u.Hostname())
	}
}

// checkComposePassword: PostgreSQL reads its password from a secret file that prc does not mount,
// and neither service has it in its environment.
func checkComposePassword(t *testing.T, cf composeFile, prc composeService, env map[string]string) {
	t.Helper()
	pg := cf.Services["postgres"]
	file := pg.Environment["POSTGRES_PASSWORD_FILE"]
	name, ok := strings.CutPrefix(file, "/run/secrets/")
	if _, declared := cf.Secrets[name]; !ok || !declared || !slices.Contains(pg.Secrets, name) {
		t.Errorf("POSTGRES_PASSWORD_FILE=%q is not a secret the postgres service mounts", file)
	}
	if slices.Contains(prc.Secrets, name) {
		t.Errorf("prc mounts the database password secret %s", name)
	}
	for k := range env {
		if strings.HasPrefix(k, "POSTGRES_") {
			t.Errorf("prc's environment has %s", k)
		}
	}
	if _, ok := pg.Environment["POSTGRES_PASSWORD"]; ok {
		t.Error("postgres has POSTGRES_PASSWORD in its environment; use POSTGRES_PASSWORD_FILE")
	}
}

// checkComposeHardening: built from the repository's Dockerfile, non-root, read-only, the key
// from a compose secret.
func checkComposeHardening(t *testing.T, cf composeFile, prc composeService) {
	t.Helper()
	if prc.Build == nil {
		t.Fatal("prc has no build section")
	}
	if _, err := os.Stat(filepath.Join(prc.Build.Context, "Dockerfile")); err != nil {
		t.Errorf("build context %q has no Dockerfile: %v", prc.Build.Context, err)
	}
	if uid, _, _ := strings.Cut(prc.User, ":"); uid == "" || uid == "0" || uid == "root" {
		t.Errorf("user = %q, want a non-root uid", prc.User)
	}
	if !prc.ReadOnly || !slices.Contains(prc.CapDrop, "ALL") {
		t.Errorf("read_only %v cap_drop %v, want true and ALL", prc.ReadOnly, prc.CapDrop)
	}
	keyFile := prc.Environment["PRC_PRIVATE_KEY_FILE"]
	name := strings.TrimPrefix(keyFile, "/run/secrets/")
	if _, ok := cf.Secrets[name]; !ok || !slices.Contains(prc.Secrets, name) {
		t.Errorf("PRC_PRIVATE_KEY_FILE=%s is not a secret prc mounts", keyFile)
	}
}
