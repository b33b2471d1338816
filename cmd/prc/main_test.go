package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

const testChecklist = "testdata/checklist.yaml"

// runCLI runs a command line and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

func TestCheckGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		code   int
		args   []string
	}{
		{"shop.txt", 1, []string{"testdata/repos/shop"}},
		{"shop.md", 1, []string{"testdata/repos/shop", "--format", "markdown"}},
		{"shop.json", 1, []string{"--format=json", "testdata/repos/shop"}},
		{"mono.txt", 1, []string{"testdata/repos/mono"}},
		{"mono.md", 1, []string{"testdata/repos/mono", "--format", "markdown"}},
		{"ready.txt", 0, []string{"testdata/repos/ready"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"check", "--checklist", testChecklist}, tt.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.code || stderr != "" {
				t.Errorf("exit %d, stderr %q; want exit %d and no stderr", code, stderr, tt.code)
			}
			golden(t, tt.golden, stdout)
		})
	}
}

func TestCheckExitCodes(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args   []string
		code   int
		stderr string
	}{
		"ready repository":           {[]string{"testdata/repos/ready"}, 0, ""},
		"failing required item":      {[]string{"testdata/repos/shop"}, 1, ""},
		"lower tier drops failures":  {[]string{"testdata/repos/shop", "--tier", "experimental"}, 0, ""},
		"one service of a monorepo":  {[]string{"testdata/repos/mono", "--service", "worker"}, 0, ""},
		"sarif":                      {[]string{"testdata/repos/shop", "--format", "sarif"}, 1, ""},
		"help":                       {[]string{"-h"}, 0, ""},
		"bad format":                 {[]string{"--format", "yaml", "testdata/repos/ready"}, 2, `unknown format "yaml"`},
		"bad tier":                   {[]string{"--tier", "gold", "testdata/repos/ready"}, 2, `unknown tier "gold"`},
		"bad colour":                 {[]string{"--color", "sometimes", "testdata/repos/ready"}, 2, `unknown --color "sometimes"`},
		"bad flag":                   {[]string{"--nope", "testdata/repos/ready"}, 2, "flag provided but not defined: -nope"},
		"unknown service":            {[]string{"testdata/repos/mono", "--service", "db"}, 2, `no service named "db" (services: api, worker)`},
		"missing directory":          {[]string{"testdata/repos/missing"}, 2, "no such file or directory"},
		"two directories":            {[]string{"testdata/repos/ready", "testdata/repos/shop"}, 2, "at most one directory"},
		"bad repository config":      {[]string{"testdata/repos/badconfig"}, 2, "testdata/repos/badconfig/.github/prc.yml:2:1: unknown field \"tiers\""},
		"bad checklist":              {[]string{"--checklist", "testdata/checklists/bad.yaml", "testdata/repos/ready"}, 2, `testdata/checklists/bad.yaml:14:9: item "cicd.ci": unknown field "chek"`},
		"missing checklist":          {[]string{"--checklist", "testdata/nope.yaml", "testdata/repos/ready"}, 2, "nope.yaml"},
		"flags after -- are entries": {[]string{"--", "--format"}, 2, "--format"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"check", "--checklist", testChecklist}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

func TestCheckSelectsService(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCLI(t, "check", "--checklist", testChecklist, "--format", "json", "--service", "api", "testdata/repos/mono")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var rep struct{ Services []struct{ Name, Path string } }
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Services) != 1 || rep.Services[0].Name != "api" || rep.Services[0].Path != "services/api" {
		t.Errorf("services = %+v, want only api at services/api", rep.Services)
	}
}

func TestCheckDefaultServiceName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	root := filepath.Join(dir, "billing")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := runCLI(t, "check", "--checklist", testChecklist, "--format", "markdown", root)
	p, err := render.ParseBody(stdout)
	if err != nil || p.Meta.Service != "billing" {
		t.Errorf("meta %+v, err %v (stderr %q); want the directory's name as the service", p.Meta, err, stderr)
	}
}

func TestCheckColor(t *testing.T) {
	t.Parallel()
	for mode, want := range map[string]bool{"always": true, "never": false, "auto": false} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			_, stdout, _ := runCLI(t, "check", "--checklist", testChecklist, "--color", mode, "testdata/repos/shop")
			if got := strings.Contains(stdout, "\x1b["); got != want {
				t.Errorf("ANSI escapes present: %v, want %v", got, want)
			}
		})
	}
}

func TestUseColor(t *testing.T) {
	t.Parallel()
	tty, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var buf bytes.Buffer
	tests := []struct {
		mode, noColor string
		want          bool
	}{
		{"always", "1", true},
		{"never", "", false},
		{"auto", "", false},
		{"auto", "1", false},
	}
	for _, tt := range tests {
		for _, out := range []io.Writer{&buf, tty} {
			got, err := useColor(tt.mode, out, tt.noColor)
			if err != nil || got != tt.want {
				t.Errorf("useColor(%q, %T, NO_COLOR=%q) = %v, %v; want %v", tt.mode, out, tt.noColor, got, err, tt.want)
			}
		}
	}
}

func TestCheckBuiltInChecklist(t *testing.T) {
	t.Parallel()
	c, err := checklist.Parse(checklist.DefaultSource, checklist.DefaultYAML())
	if err != nil {
		t.Fatalf("built-in checklist: %v", err)
	}
	code, stdout, stderr := runCLI(t, "check", "--format", "markdown", "testdata/repos/shop")
	if code == exitUsage {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err := render.ParseBody(stdout)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range c.Items() {
		ids = append(ids, it.ID)
	}
	if p.Meta.Checklist != c.Name || p.Meta.Version != c.Version {
		t.Errorf("meta %+v, want checklist %s version %s", p.Meta, c.Name, c.Version)
	}
	if missing := p.Missing(ids); len(missing) > 0 {
		t.Errorf("body lacks items %v", missing)
	}
}

// TestCheckMarkdownStaysUnderGitHubLimit evaluates a repository whose manifests produce tens of
// thousands of evidence lines and checks that the issue body is trimmed and still complete.
func TestCheckMarkdownStaysUnderGitHubLimit(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: acme/app:latest\n          ports: [{containerPort: 80}]\n", i)
	}
	if err := os.WriteFile(filepath.Join(root, "deploy.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "check", "--format", "markdown", root)
	if code != exitFailing {
		t.Fatalf("exit %d, want 1 (stderr %q)", code, stderr)
	}
	if len(stdout) > render.DefaultMaxLen || !strings.Contains(stdout, "Evidence was trimmed") {
		t.Errorf("body of %d bytes, trimmed: %v; want at most %d and a trim note", len(stdout), strings.Contains(stdout, "Evidence was trimmed"), render.DefaultMaxLen)
	}
	if _, err := render.ParseBody(stdout); err != nil {
		t.Error(err)
	}
}

// TestCheckDefaultGolden pins the output of the built-in checklist on a small service.
func TestCheckDefaultGolden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ golden, format string }{
		{"default-shop.txt", "text"}, {"default-shop.md", "markdown"}, {"default-shop.json", "json"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, "check", "--format", tt.format, "testdata/repos/shop")
			if code != 1 || stderr != "" {
				t.Errorf("exit %d, stderr %q; want exit 1 and no stderr", code, stderr)
			}
			golden(t, tt.golden, stdout)
		})
	}
}
