package ci

import (
	"fmt"
	"slices"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func parseFiles(files map[string]string) *Model {
	return Parse(repo.NewMemory(files))
}

// readShell returns the calls of script src run in dir.
func readShell(src, dir string) []Call {
	var calls []Call
	newShellCache().read(&calls, src, dir, true)
	return calls
}

// refs renders references as "path:line text" for comparison.
func refs(rs []Ref) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s:%d %s", r.Path, r.Line, r.Text)
	}
	return out
}

func assertContains(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %q in\n%q", w, got)
		}
	}
}

func assertLacks(t *testing.T, got []string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if slices.Contains(got, w) {
			t.Errorf("unexpected %q in\n%q", w, got)
		}
	}
}

func problems(m *Model) []string {
	out := make([]string, len(m.Problems))
	for i, p := range m.Problems {
		out[i] = p.String()
	}
	return out
}
