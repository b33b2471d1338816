package ci

import (
	"fmt"
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
	if left != maxShellTotal-len(script) {
		t.Errorf("first read charged %d bytes, want %d", maxShellTotal-left, len(script))
	}
	if again := c.read(&second, script, "svc", true); again != end || c.left != left {
		t.Errorf("second read: end %q (want %q), %d bytes charged", again, end, left-c.left)
	}
	if a, b := callTexts(first), callTexts(second); strings.Join(a, "|") != strings.Join(b, "|") || len(a) != 2 {
		t.Errorf("calls %q, then %q", a, b)
	}
	var other []Call
	c.read(&other, script, "", true)
	if c.left != left-len(script) || other[0].Dir != "api/web" {
		t.Errorf("another directory is another script: %d bytes charged, dir %q", left-c.left, other[0].Dir)
	}
}

func TestShellTotalIsBounded(t *testing.T) {
	t.Parallel()
	script := "(cd web; npm test)\nmake"
	tests := []struct {
		left    int
		makeDir string
	}{
		{len(script), ""},        // read as shell: the subshell keeps its cd
		{len(script) - 1, "web"}, // past the budget, split into words line by line
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
