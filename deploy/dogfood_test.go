package deploy_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// maxWaivers is how many items prc may waive on itself (issue 8, "Dogfood").
const maxWaivers = 2

// TestDogfood evaluates this repository with the built-in checklist, as `prc check .` does, and
// holds it to more than the exit status: every required auto item passes or is one of at most
// two waivers (none is na), and the Kubernetes items pass on the production overlay.
func TestDogfood(t *testing.T) {
	cfgPath := filepath.Join("..", repoconfig.Path)
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := repoconfig.Parse(repoconfig.Path, data)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := repo.OpenDir("..")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checklist.Evaluate(context.Background(), checklist.Default(), snap,
		checklist.Options{Config: cfg, DefaultName: "prc", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Services) != 1 {
		t.Fatalf("%d services, want prc alone", len(rep.Services))
	}
	waived := 0
	for _, r := range rep.Services[0].Items {
		if !r.Required || r.Kind != checklist.KindAuto {
			continue
		}
		switch r.Status {
		case verdict.Pass:
			checkKubeEvidence(t, r)
		case verdict.Waived:
			waived++
		default:
			t.Errorf("%s is %s, want pass: %v", r.ID, r.Status, r.Evidence)
		}
	}
	if waived > maxWaivers {
		t.Errorf("%d items waived, at most %d allowed", waived, maxWaivers)
	}
}

// checkKubeEvidence: an item judged on Kubernetes objects was judged on the production overlay's
// build, not on the sqlite one.
func checkKubeEvidence(t *testing.T, r checklist.Result) {
	t.Helper()
	for _, e := range r.Evidence {
		if strings.Contains(e.Message, "(as built by ") && !strings.Contains(e.Message, "(as built by deploy/kubernetes/production)") {
			t.Errorf("%s: judged on %q, want the production overlay", r.ID, e.Message)
		}
	}
}
