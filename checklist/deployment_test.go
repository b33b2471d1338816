package checklist_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
)

// TestOneVerdictPerWorkload evaluates the default checklist on a repository that keeps one
// Deployment in five places (rendered release manifests, a chart, raw manifests, kustomize
// overlays and a test overlay) and expects every item to name it at most once.
func TestOneVerdictPerWorkload(t *testing.T) {
	t.Parallel()
	snap, err := repo.OpenDir(filepath.Join("kube", "testdata", "fiveplaces"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checklist.Evaluate(context.Background(), checklist.Default(), snap, checklist.Options{DefaultName: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	judged := 0
	for _, it := range rep.Services[0].Items {
		t.Run(it.ID, func(t *testing.T) {
			var lines []string
			for _, e := range it.Evidence {
				if strings.HasPrefix(e.Message, "Deployment/shop") {
					lines = append(lines, e.String())
				}
				if strings.Contains(e.Message, "load-generator") {
					t.Errorf("the test overlay's workload is judged: %s", e)
				}
			}
			if len(lines) > 1 {
				t.Errorf("Deployment/shop judged %d times:\n%s", len(lines), strings.Join(lines, "\n"))
			}
			if len(lines) == 1 {
				judged++
				if !strings.HasPrefix(lines[0], "deploy/base/deployment.yaml:") {
					t.Errorf("judged from %s, want the production overlay's build of deploy/base/deployment.yaml", lines[0])
				}
			}
		})
	}
	if judged < 5 {
		t.Errorf("Deployment/shop judged by %d items, want the workload items to judge it", judged)
	}
}
