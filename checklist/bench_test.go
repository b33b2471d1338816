package checklist_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
)

const benchFiles = 100_000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchRepo generates, once per test binary, a repository of benchFiles files (or uses the one
// named by PRC_BENCH_REPO, made by an earlier run, to save the minute generation takes): source trees with
// configuration, docs and JSON fixtures, plus Kubernetes manifests, a Helm chart and workflows.
func benchRepo(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("PRC_BENCH_REPO"); dir != "" {
		return dir
	}
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "prc-bench-")
		if benchErr == nil {
			benchErr = generateRepo(benchDir, benchFiles)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func generateRepo(root string, n int) error {
	fixed := map[string]string{
		"README.md":                     "# big\n\na\nb\nc\nd\n",
		".github/workflows/ci.yml":      "on: [pull_request]\npermissions: {contents: read}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n      - run: golangci-lint run\n",
		"deploy/deployment.yaml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - name: api\n          image: api:1.2.3\n          ports: [{containerPort: 8080}]\n",
		"charts/api/Chart.yaml":         "apiVersion: v2\nname: api\nversion: 0.1.0\n",
		"charts/api/values.yaml":        "replicas: 2\n",
		"charts/api/templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: {{ .Release.Name }}}\nspec: {ports: [{port: 80}]}\n",
		"go.mod":                        "module example.com/big\n\ngo 1.22\n\nrequire go.opentelemetry.io/otel v1.30.0\n",
		"prometheus/api.rules.yml":      "groups:\n  - name: api\n    rules:\n      - alert: Down\n        expr: up == 0\n",
	}
	for p, c := range fixed {
		if err := writeBenchFile(root, p, c); err != nil {
			return err
		}
	}
	kinds := []struct{ ext, content string }{
		{".go", "package x\n\nfunc F() int { return 1 }\n"},
		{".ts", "export const x = 1;\n"},
		{".py", "def f():\n    return 1\n"},
		{".go", "package x\n"},
		{".md", "# notes\n"},
		{".json", "{\"a\": 1}\n"},
		{".yaml", "key: value\nlist: [1, 2]\n"},
		{".txt", "hello\n"},
		{".java", "class A {}\n"},
		{".css", "a { color: red }\n"},
	}
	for i := len(fixed); i < n; i++ {
		k := kinds[i%len(kinds)]
		p := fmt.Sprintf("services/s%03d/pkg/m%02d/f%05d%s", i%200, (i/200)%50, i, k.ext)
		if err := writeBenchFile(root, p, k.content); err != nil {
			return err
		}
	}
	return nil
}

func writeBenchFile(root, rel, content string) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o644)
}

// BenchmarkWalk is the baseline: a plain directory walk of the generated repository.
func BenchmarkWalk(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		count := 0
		err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				count++
			}
			return err
		})
		if err != nil || count != benchFiles {
			b.Fatalf("walked %d files: %v", count, err)
		}
	}
}

// BenchmarkOpenDir measures listing the repository into a snapshot, the part of a check that
// walks the tree.
func BenchmarkOpenDir(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := repo.OpenDir(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck runs what `prc check` runs: snapshot the directory, evaluate the default checklist.
func BenchmarkCheck(b *testing.B) {
	dir := benchRepo(b)
	c := checklist.Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		snap, err := repo.OpenDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{DefaultName: "big"})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Services[0].Items) != len(c.Items()) {
			b.Fatal("missing results")
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// TestGenerateBenchRepo writes the benchmark repository to PRC_BENCH_GENERATE, for PRC_BENCH_REPO.
func TestGenerateBenchRepo(t *testing.T) {
	dir := os.Getenv("PRC_BENCH_GENERATE")
	if dir == "" {
		t.Skip("set PRC_BENCH_GENERATE to a directory to generate the benchmark repository there")
	}
	if err := generateRepo(dir, benchFiles); err != nil {
		t.Fatal(err)
	}
}
