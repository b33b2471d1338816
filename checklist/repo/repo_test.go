package repo_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDirSymlinks(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.txt", "top secret")
	root := t.TempDir()
	write(t, root, "README.md", "hello")
	write(t, root, "docs/guide.md", "guide")
	write(t, root, ".git/config", "[core]")
	links := map[string]string{
		"escape.txt":  filepath.Join(outside, "secret.txt"),
		"dotdot.txt":  "../" + filepath.Base(outside) + "/secret.txt",
		"inside.md":   "docs/guide.md",
		"docs-link":   "docs",
		"broken.md":   "nope.md",
		"outsidedir":  outside,
		"docs/up.md":  "../README.md",
		"docs/abs.md": "/etc/passwd",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	d, err := repo.OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range d.Files() {
		paths = append(paths, f.Path)
	}
	if got, want := strings.Join(paths, ","), "README.md,docs/guide.md,docs/up.md,inside.md"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if data, err := d.ReadFile("inside.md"); err != nil || string(data) != "guide" {
		t.Errorf("inside.md = %q, %v", data, err)
	}
	for _, p := range []string{"escape.txt", "dotdot.txt", "outsidedir", "docs/abs.md", "../" + filepath.Base(outside) + "/secret.txt", ".git/config"} {
		if _, err := d.ReadFile(p); !errors.Is(err, repo.ErrNotFound) {
			t.Errorf("ReadFile(%s) = %v, want ErrNotFound", p, err)
		}
	}
	skipped := map[string]string{}
	for _, s := range d.Skipped() {
		skipped[s.Path] = s.Reason
	}
	for _, p := range []string{"escape.txt", "dotdot.txt", "outsidedir", "docs/abs.md"} {
		if !strings.Contains(skipped[p], "leaves the repository") {
			t.Errorf("skipped[%s] = %q, want a note that it leaves the repository", p, skipped[p])
		}
	}
}

func TestDirLargeFile(t *testing.T) {
	root := t.TempDir()
	write(t, root, "big.json", strings.Repeat("x", repo.MaxFileSize+1))
	d, err := repo.OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadFile("big.json"); !errors.Is(err, repo.ErrTooLarge) {
		t.Errorf("ReadFile = %v, want ErrTooLarge", err)
	}
}

func TestOpenDirErrors(t *testing.T) {
	root := t.TempDir()
	write(t, root, "file", "x")
	for _, p := range []string{filepath.Join(root, "missing"), filepath.Join(root, "file")} {
		if _, err := repo.OpenDir(p); err == nil {
			t.Errorf("OpenDir(%s) succeeded", p)
		}
	}
}

func TestIndexGlob(t *testing.T) {
	m := repo.NewMemory(map[string]string{
		"README.md": "", "Readme.rst": "", "docs/adr/0001.md": "", "docs/runbook.md": "",
		"deploy/k8s/deployment.yaml": "", "deploy/values.yml": "", "a/b/c/Dockerfile": "", "Dockerfile.prod": "",
		"perf/CheckoutSimulation.scala": "", "load/k6/smoke.js": "", "load/k6.js": "",
		"vendor/x/README.md": "", "web/node_modules/p/Dockerfile": "", "pkg/testdata/runbook.md": "",
	})
	ix := repo.NewIndex(m.Files())
	tests := map[string]struct {
		patterns []string
		want     string
	}{
		"case-insensitive root":   {[]string{"readme*"}, "README.md,Readme.rst"},
		"any depth base name":     {[]string{"**/Dockerfile"}, "a/b/c/Dockerfile"},
		"any depth extension":     {[]string{"**/*.y*ml"}, "deploy/k8s/deployment.yaml,deploy/values.yml"},
		"literal prefix":          {[]string{"docs/adr/**"}, "docs/adr/0001.md"},
		"alternatives":            {[]string{"docs/{runbook,playbook}.md"}, "docs/runbook.md"},
		"union without repeats":   {[]string{"**/*.md", "docs/**"}, "README.md,docs/adr/0001.md,docs/runbook.md"},
		"exact path":              {[]string{"Dockerfile.prod"}, "Dockerfile.prod"},
		"leading dot slash":       {[]string{"./deploy/values.yml"}, "deploy/values.yml"},
		"nothing":                 {[]string{"**/*.tf"}, ""},
		"invalid pattern":         {[]string{"[a"}, ""},
		"double star both sides":  {[]string{"**/k8s/**"}, "deploy/k8s/deployment.yaml"},
		"base name suffix":        {[]string{"**/*Simulation.scala"}, "perf/CheckoutSimulation.scala"},
		"base name head":          {[]string{"**/dockerfile*"}, "Dockerfile.prod,a/b/c/Dockerfile"},
		"nested double star":      {[]string{"**/k6/**/*.js"}, "load/k6/smoke.js"},
		"alternative extensions":  {[]string{"**/*.{yaml,yml}"}, "deploy/k8s/deployment.yaml,deploy/values.yml"},
		"fixed depth":             {[]string{"*/*.md"}, "docs/runbook.md"},
		"alternatives with slash": {[]string{"{docs/adr,load}/*"}, "docs/adr/0001.md,load/k6.js"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, f := range ix.Glob(tc.patterns...) {
				got = append(got, f.Path)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("Glob(%v) = %v, want %s", tc.patterns, got, tc.want)
			}
		})
	}
}

func TestSub(t *testing.T) {
	m := repo.NewMemory(map[string]string{"services/api/README.md": "api", "services/apix/x": "", "README.md": "root"})
	s := repo.Sub(m, "services/api")
	if files := s.Files(); len(files) != 1 || files[0].Path != "README.md" {
		t.Fatalf("files = %+v", files)
	}
	if data, err := s.ReadFile("README.md"); err != nil || string(data) != "api" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if repo.Sub(m, ".") != repo.Snapshot(m) {
		t.Error("Sub(.) should be the snapshot itself")
	}
}
