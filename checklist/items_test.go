package checklist_test

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

// TestDefaultItems evaluates the default checklist on every fixture repository under
// testdata/items/<item-id>/<status>[-variant]/ and expects that item to end with that status.
func TestDefaultItems(t *testing.T) {
	c := checklist.Default()
	dirs, err := filepath.Glob(filepath.Join("testdata", "items", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]map[verdict.Status]bool{}
	for _, dir := range dirs {
		id := filepath.Base(filepath.Dir(dir))
		want := verdict.Status(strings.SplitN(filepath.Base(dir), "-", 2)[0])
		if covered[id] == nil {
			covered[id] = map[verdict.Status]bool{}
		}
		covered[id][want] = true
		t.Run(id+"/"+filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			got := evaluateFixture(t, c, dir, id)
			if got.Status != want {
				t.Errorf("%s on %s = %s, want %s; evidence: %v", id, dir, got.Status, want, got.Evidence)
			}
		})
	}
	t.Run("coverage", func(t *testing.T) {
		for _, it := range c.Items() {
			if it.Kind != checklist.KindAuto {
				continue
			}
			if !covered[it.ID][verdict.Pass] || !covered[it.ID][verdict.Fail] {
				t.Errorf("item %s needs fixtures testdata/items/%s/pass and /fail", it.ID, it.ID)
			}
		}
	})
}

func evaluateFixture(t *testing.T, c *checklist.Checklist, dir, id string) checklist.Result {
	t.Helper()
	snap, err := repo.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cfg *repoconfig.Config
	if data, err := os.ReadFile(filepath.Join(dir, repoconfig.Path)); err == nil {
		if cfg, err = repoconfig.Parse(repoconfig.Path, data); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg, DefaultName: "fixture", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Services[0].Items {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no item %s in the default checklist", id)
	return checklist.Result{}
}
