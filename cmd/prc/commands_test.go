package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
)

// TestHelp checks that every command's help goes to stdout and exits 0, and that a bad flag
// puts the help on stderr and exits 2.
func TestHelp(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args []string
		want string
	}{
		"check --help":    {[]string{"check", "--help"}, "Usage: prc check [DIR] [flags]"},
		"check -h":        {[]string{"check", "-h"}, "-failing"},
		"list --help":     {[]string{"list", "--help"}, "Usage: prc list"},
		"explain --help":  {[]string{"explain", "--help"}, "Usage: prc explain ID"},
		"validate --help": {[]string{"validate", "--help"}, "Usage: prc validate"},
		"serve --help":    {[]string{"serve", "--help"}, "-listen"},
		"help check":      {[]string{"help", "check"}, "-verbose"},
		"help":            {[]string{"help"}, "prc explain ID"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != exitOK || !strings.Contains(stdout, tt.want) || stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 0 and %q on stdout only", code, stdout, stderr, tt.want)
			}
		})
	}
	for _, cmd := range []string{"check", "list", "explain", "validate"} {
		t.Run(cmd+" bad flag", func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cmd, "--nope")
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, "flag provided but not defined: -nope") || !strings.Contains(stderr, "Usage: prc "+cmd) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 with the error and the help on stderr", code, stdout, stderr)
			}
		})
	}
}

// TestCommandGolden pins the output of list, explain and check's --failing and --verbose.
func TestCommandGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		code   int
		args   []string
	}{
		{"list.txt", 0, []string{"list", "--checklist", testChecklist}},
		{"explain-readme.txt", 0, []string{"explain", "docs.readme", "--checklist", testChecklist}},
		{"explain-manual.txt", 0, []string{"explain", "--checklist", testChecklist, "ops.rollback"}},
		{"explain-default-non-root.txt", 0, []string{"explain", "security.non-root"}},
		{"explain-default-runbook-links.txt", 0, []string{"explain", "monitoring.runbook-links"}},
		{"explain-default-tests.txt", 0, []string{"explain", "cicd.tests"}},
		{"explain-default-evidence.txt", 0, []string{"explain", "capacity.plan"}},
		{"explain-inherited.txt", 0, []string{"explain", "--checklist", "testdata/checklists/org-extends.yaml", "capacity.requests"}},
		{"explain-inherited-cel.txt", 0, []string{"explain", "--checklist", "testdata/checklists/org-extends.yaml", "monitoring.runbook-links"}},
		{"explain-added.txt", 0, []string{"explain", "--checklist", "testdata/checklists/org-extends.yaml", "security.pentest"}},
		{"shop-failing.txt", 1, []string{"check", "--checklist", testChecklist, "--failing", "testdata/repos/shop"}},
		{"shop-failing.json", 1, []string{"check", "--checklist", testChecklist, "--failing", "--format", "json", "testdata/repos/shop"}},
		{"shop.sarif", 1, []string{"check", "--checklist", testChecklist, "--format", "sarif", "testdata/repos/shop"}},
		{"default-fleet.txt", 1, []string{"check", "testdata/repos/fleet"}},
		{"default-fleet-verbose.txt", 1, []string{"check", "--verbose", "testdata/repos/fleet"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.code || stderr != "" {
				t.Errorf("exit %d, stderr %q; want exit %d and no stderr", code, stderr, tt.code)
			}
			golden(t, tt.golden, stdout)
		})
	}
}

func TestCommandErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args   []string
		stderr string
	}{
		"explain unknown id":      {[]string{"explain", "cicd.nope"}, `prc explain: checklist prc-default has no item "cicd.nope" (prc list shows the ids)`},
		"explain no id":           {[]string{"explain"}, "prc explain: want one item id, got 0"},
		"explain two ids":         {[]string{"explain", "cicd.ci", "cicd.tests"}, "want one item id, got 2"},
		"explain bad checklist":   {[]string{"explain", "cicd.ci", "--checklist", "testdata/checklists/bad.yaml"}, `bad.yaml:14:9: item "cicd.ci": unknown field "chek"`},
		"list argument":           {[]string{"list", "extra"}, `prc list: unexpected argument "extra"`},
		"list missing checklist":  {[]string{"list", "--checklist", "testdata/nope.yaml"}, "nope.yaml"},
		"failing is not markdown": {[]string{"check", "--failing", "--format", "markdown", "testdata/repos/shop"}, "--failing does not apply to markdown"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tt.stderr)
			}
		})
	}
}

// TestListBuiltIn checks that prc list names every item of the built-in checklist with its kind.
func TestListBuiltIn(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCLI(t, "list")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) > 2 {
			lines[f[0]] = l
		}
	}
	for _, it := range checklist.Default().Items() {
		l, ok := lines[it.ID]
		if !ok || !strings.Contains(l, " "+string(it.Kind)+" ") || !strings.HasSuffix(l, it.Title) || !strings.Contains(l, tierList(it.Tiers)) {
			t.Errorf("item %s: line %q, want its tiers, kind %s and title", it.ID, l, it.Kind)
		}
	}
}

// TestCheckFailingKeepsVerdict checks that --failing drops the passing items but not the verdict.
func TestCheckFailingKeepsVerdict(t *testing.T) {
	t.Parallel()
	_, all, _ := runCLI(t, "check", "--format", "json", "testdata/repos/shop")
	_, failing, _ := runCLI(t, "check", "--format", "json", "--failing", "testdata/repos/shop")
	type report struct {
		Services []struct {
			Items []struct {
				ID, Status string
				Evidence   []json.RawMessage
			}
			Summary json.RawMessage
		}
	}
	var a, f report
	if err := json.Unmarshal([]byte(all), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(failing), &f); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, it := range a.Services[0].Items {
		if it.Status == "fail" || it.Status == "error" {
			want = append(want, it.ID)
		}
	}
	var got []string
	for _, it := range f.Services[0].Items {
		got = append(got, it.ID)
		if len(it.Evidence) == 0 {
			t.Errorf("%s is listed without its evidence", it.ID)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || len(want) == 0 {
		t.Errorf("--failing lists %v, want the failing and erroring items %v", got, want)
	}
	if string(a.Services[0].Summary) != string(f.Services[0].Summary) {
		t.Errorf("summary changed under --failing:\n%s\n%s", a.Services[0].Summary, f.Services[0].Summary)
	}
}

// TestCheckVerboseListsCopies checks that --verbose names the other copies of a workload that
// two sources define, and that the default output does not.
func TestCheckVerboseListsCopies(t *testing.T) {
	t.Parallel()
	copyLine := "release/api.yaml:2 Deployment/api: another copy, judged from k8s/api.yaml:2"
	for name, tt := range map[string]struct {
		args []string
		want bool
	}{
		"default": {[]string{"check", "testdata/repos/copies"}, false},
		"verbose": {[]string{"check", "--verbose", "testdata/repos/copies"}, true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, stdout, stderr := runCLI(t, tt.args...)
			if got := strings.Contains(stdout, copyLine); got != tt.want || stderr != "" {
				t.Errorf("copy listed: %v, want %v (stderr %q)\n%s", got, tt.want, stderr, stdout)
			}
		})
	}
}
