package ci

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestShellCacheReadsEachScriptOnce(t *testing.T) {
	t.Parallel()
	c := newShellCache()
	script := "cd api\n(cd web && npm test)\ngo test ./..."
	var first, second []Call
	end := c.read(&first, script, "svc", true)
	left := c.left
	if left != maxShellTotal-shellCost(script) {
		t.Errorf("first read charged %d, want %d", maxShellTotal-left, shellCost(script))
	}
	if again := c.read(&second, script, "svc", true); again != end || c.left != left {
		t.Errorf("second read: end %q (want %q), %d bytes charged", again, end, left-c.left)
	}
	if a, b := callTexts(first), callTexts(second); strings.Join(a, "|") != strings.Join(b, "|") || len(a) != 2 {
		t.Errorf("calls %q, then %q", a, b)
	}
	var other []Call
	c.read(&other, script, "", true)
	if c.left != left-shellCost(script) || other[0].Dir != "api/web" {
		t.Errorf("another directory is another script: %d charged, dir %q", left-c.left, other[0].Dir)
	}
}

func TestShellTotalIsBounded(t *testing.T) {
	t.Parallel()
	script := "(cd web; npm test)\nmake"
	tests := []struct {
		left    int
		makeDir string
	}{
		{shellCost(script), ""},        // read as shell: the subshell keeps its cd
		{shellCost(script) - 1, "web"}, // past the budget, split into words line by line
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.left), func(t *testing.T) {
			c := newShellCache()
			c.left = tc.left
			var calls []Call
			c.read(&calls, script, "", true)
			if len(calls) != 2 || calls[1].Dir != tc.makeDir {
				t.Errorf("calls %+v; want make in %q", calls, tc.makeDir)
			}
		})
	}
}

func TestShellCost(t *testing.T) {
	t.Parallel()
	tests := map[string]int{"": 0, "go test ./...": 13, "a;b": 6, "echo $(date) | tee x\n": 21 + 5*3}
	for src, want := range tests {
		if got := shellCost(src); got != want {
			t.Errorf("shellCost(%q) = %d, want %d", src, got, want)
		}
	}
}

// TestNestedWordsAreBounded reads scripts whose words nest thousands of substitutions, each of
// which a word keeps as written: copied at every level, they would take quadratic memory. It
// does not run in parallel, so that no other test's allocations are counted.
func TestNestedWordsAreBounded(t *testing.T) {
	const maxAlloc = 16 << 20
	tests := map[string]string{
		"substitutions":                 "lint " + strings.Repeat("x$(", 4000) + strings.Repeat(")", 4000),
		"quoted substitutions":          "lint " + strings.Repeat(`"$(`, 4000) + strings.Repeat(`)"`, 4000),
		"substitutions with expression": "lint " + strings.Repeat("x$(", 4000) + "${{ x }}" + strings.Repeat(")", 4000),
	}
	for name, script := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		calls := readShell(script, "")
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxAlloc {
			t.Errorf("%s: reading allocated %d MiB", name, n>>20)
		}
		if len(calls) == 0 || calls[0].Words[0] != "lint" {
			t.Errorf("%s: %d calls, the first is not lint", name, len(calls))
		}
	}
}
