package deploy_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/prchq/prc/app/config"
)

// configEnvNames returns every environment variable `prc serve` reads, as recorded by a getenv
// that config.Load calls: the names come from app/config, not from a list kept here.
func configEnvNames(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	getenv := func(name string) string { names[name] = true; return "" }
	if _, err := config.Load(nil, getenv, io.Discard); err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	if len(names) == 0 {
		t.Fatal("config.Load read no environment variable")
	}
	return names
}

// decodeAll decodes every YAML document in data into a fresh T.
func decodeAll[T any](t *testing.T, name string, data []byte) []T {
	t.Helper()
	var out []T
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var v T
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		out = append(out, v)
	}
}

// decodeFile decodes every YAML document of a file under deploy/.
func decodeFile[T any](t *testing.T, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return decodeAll[T](t, path, data)
}

// deployFiles lists the non-Go files under deploy/, plus the repository's Dockerfile.
func deployFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"../Dockerfile"}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk deploy/: %v", err)
	}
	return files
}

var prcEnvName = regexp.MustCompile(`\bPRC_[A-Z0-9_]+\b`)

// TestEveryPRCNameIsASetting catches a renamed or misspelt setting anywhere in the deploy files,
// comments and docs included: prc would ignore it silently.
func TestEveryPRCNameIsASetting(t *testing.T) {
	known := configEnvNames(t)
	for _, f := range deployFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		for _, name := range prcEnvName.FindAllString(string(data), -1) {
			if !known[name] {
				t.Errorf("%s: %s is not a setting app/config reads (known: %s)", f, name, sortedKeys(known))
			}
		}
	}
}

var secretLike = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----|\bgh[pousr]_[A-Za-z0-9]{20,}|://[^/\s:@$]+:[^/\s@$]+@`)

// TestNoLiteralSecrets keeps keys, tokens and passwords in URLs out of the deploy files; values
// must be placeholders or references.
func TestNoLiteralSecrets(t *testing.T) {
	for _, f := range deployFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		for _, m := range secretLike.FindAll(data, -1) {
			if !bytes.Contains(m, []byte(":REPLACE_WITH_")) {
				t.Errorf("%s: looks like a literal secret: %q", f, m)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
