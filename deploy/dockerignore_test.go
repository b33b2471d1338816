package deploy_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readDockerignore turns .dockerignore's patterns into regular expressions over slash paths
// relative to the build context. It rejects the `!` exceptions it does not model.
func readDockerignore(t *testing.T, path string) []*regexp.Regexp {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var out []*regexp.Regexp
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.TrimSpace(sc.Text())
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		if strings.HasPrefix(p, "!") {
			t.Fatalf("%s: exception %q: extend this test before using one", path, p)
		}
		out = append(out, ignoreRegexp(strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "/")))
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return out
}

func ignoreRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch {
		case strings.HasPrefix(pattern[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(pattern[i:], "**"):
			b.WriteString(".*")
			i++
		case pattern[i] == '*':
			b.WriteString("[^/]*")
		case pattern[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	return regexp.MustCompile("^" + b.String() + "$")
}

// ignored reports whether Docker leaves rel out of the context: a pattern matches it or a parent.
func ignored(patterns []*regexp.Regexp, rel string) bool {
	for p := rel; p != "." && p != "/" && p != ""; p = filepath.ToSlash(filepath.Dir(p)) {
		for _, re := range patterns {
			if re.MatchString(p) {
				return true
			}
		}
	}
	return false
}

// buildInputs lists, relative to the repository, go.mod, go.sum and every Go and embedded file
// of the module's packages that ./cmd/prc is built from.
func buildInputs(t *testing.T) []string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	const format = `{{if and .Module .Module.Main}}{{range .GoFiles}}{{$.Dir}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$.Dir}}/{{.}}
{{end}}{{end}}`
	cmd := exec.Command("go", "list", "-deps", "-f", format, "./cmd/prc")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./cmd/prc: %v", err)
	}
	inputs := []string{"go.mod", "go.sum"}
	for _, f := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, filepath.ToSlash(rel))
	}
	if len(inputs) < 10 {
		t.Fatalf("go list found only %v", inputs)
	}
	return inputs
}

// TestDockerignore keeps every input of the image's build in the context, and the repository's
// history, local data and secrets out of it.
func TestDockerignore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	patterns := readDockerignore(t, "../.dockerignore")
	for _, f := range buildInputs(t) {
		if ignored(patterns, f) {
			t.Errorf("%s is needed to build ./cmd/prc but .dockerignore excludes it", f)
		}
	}
	for _, f := range []string{".git/config", "prc", "prc-data/prc.db", "deploy/.env", "deploy/prc.private-key.pem", "key.pem"} {
		if !ignored(patterns, f) {
			t.Errorf("%s would be sent to the Docker daemon", f)
		}
	}
}

func TestIgnoreRegexp(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"**/*.pem", "key.pem", true},
		{"**/*.pem", "deploy/keys/app.pem", true},
		{"**/*.pem", "key.pem.txt", false},
		{"*.pem", "deploy/key.pem", false},
		{"/prc", "prc", true},
		{"/prc", "cmd/prc", false},
		{".git", ".git/config", true},
		{"deploy", "deploy/kubernetes/sqlite/deployment.yaml", true},
		{"bin", "binary", false},
		{"a?c", "abc", true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.path, func(t *testing.T) {
			re := ignoreRegexp(strings.TrimPrefix(filepath.Clean(tc.pattern), "/"))
			if got := ignored([]*regexp.Regexp{re}, tc.path); got != tc.want {
				t.Errorf("ignored(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
			}
		})
	}
}
