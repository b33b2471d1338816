package reconcile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
)

// sameRepository is a monorepo of two services with manifests, docs and a file too large to read.
func sameRepository() map[string]string {
	return map[string]string{
		".github/prc.yml":        monorepoConfig,
		"README.md":              "# shop\n\nTwo services.\n",
		"services/api/README.md": "# api\n\nServes the shop.\nRuns on Kubernetes.\nOwned by payments.\nPaged by SRE.\n",
		"services/api/deploy/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: api
          image: shop/api:latest
`,
		"services/worker/main.go":        "package main\n",
		"services/worker/assets/big.bin": strings.Repeat("x", repo.MaxFileSize+1),
		".github/workflows/ci.yml":       "on: [pull_request]\njobs: {test: {runs-on: ubuntu-latest, steps: [{run: make test}]}}\n",
	}
}

// TestOneEvaluationPath feeds one repository to `prc check`'s path, checklist.Evaluate over a
// directory, and to the app's, a GitHub tree: the reports must agree on every item and its
// evidence, and on the files that were skipped.
func TestOneEvaluationPath(t *testing.T) {
	t.Parallel()
	files := sameRepository()
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := newFixture(t)
	delete(f.gh.repos, org+"/"+OrgRepo)
	target := f.repo("shop", files)

	snap, err := repo.OpenDir(dir)
	f.must(err)
	cfg, err := repoconfig.Parse(repoconfig.Path, []byte(monorepoConfig))
	f.must(err)
	cli, err := checklist.Evaluate(f.ctx, checklist.Default(), snap, checklist.Options{Config: cfg, DefaultName: "shop", Now: f.r.now()})
	f.must(err)

	ghRepo := f.gh.repos[org+"/shop"].repo
	rules, err := f.r.loadRules(f.ctx, f.gh, target.InstallationID, ghRepo)
	f.must(err)
	app, err := f.r.evaluateRef(f.ctx, f.gh, ghRepo, "main", rules)
	f.must(err)

	if len(cli.Skipped) == 0 {
		t.Fatal("the fixture's large file was not skipped by prc check")
	}
	want, got := reportJSON(t, cli), reportJSON(t, app.report)
	if got != want {
		t.Errorf("the app's report differs from prc check's:\n--- app\n%s\n--- prc check\n%s", got, want)
	}
}

func reportJSON(t *testing.T, rep *checklist.Report) string {
	t.Helper()
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
