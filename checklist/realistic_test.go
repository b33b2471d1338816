package checklist_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// realisticDeadline bounds one whole evaluation. It is a hang detector, not a speed target.
const realisticDeadline = 20 * time.Second

// realisticNow is the date waivers are judged against in the realistic repositories.
var realisticNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// TestRealistic evaluates the default checklist on each repository under testdata/realistic and
// compares every item with the verdicts written, independently of the code, in
// testdata/realistic/<name>.expected.yaml. All mismatches of a repository are reported together.
func TestRealistic(t *testing.T) {
	c := checklist.Default()
	files, err := filepath.Glob(filepath.Join("testdata", "realistic", "*.expected.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no expected verdicts under testdata/realistic (err %v)", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".expected.yaml")
		t.Run(name, func(t *testing.T) {
			want := readExpected(t, c, file)
			dir := filepath.Join("testdata", "realistic", name)
			if name == "hostile" {
				dir = hostileCopy(t, dir)
			}
			rep := evaluateBounded(t, c, dir, name)
			if len(rep.Services) != 1 {
				t.Fatalf("%d services, want 1", len(rep.Services))
			}
			if msgs := compareItems(rep.Services[0].Items, want); len(msgs) > 0 {
				t.Errorf("%d mismatches with %s:\n%s", len(msgs), file, strings.Join(msgs, "\n"))
			}
			if name == "hostile" {
				checkHostile(t, rep)
			}
		})
	}
}

// expectation is one item's expected result: a status, and substrings that must appear in one of
// its evidence lines or in its note.
type expectation struct {
	Status   verdict.Status
	Evidence []string
	Note     []string
	Line     int
}

// UnmarshalYAML accepts `status` or `{status: ..., evidence: [...], note: [...]}`.
func (e *expectation) UnmarshalYAML(n *yaml.Node) error {
	e.Line = n.Line
	if n.Kind == yaml.ScalarNode {
		e.Status = verdict.Status(n.Value)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a status or a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		var err error
		switch key {
		case "status":
			e.Status = verdict.Status(val.Value)
		case "evidence":
			err = val.Decode(&e.Evidence)
		case "note":
			err = val.Decode(&e.Note)
		default:
			err = fmt.Errorf("line %d: unknown field %q", n.Content[i].Line, key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readExpected parses an expected-verdicts file and checks it names every item of c exactly once,
// with a status the item's kind can have.
func readExpected(t *testing.T, c *checklist.Checklist, file string) map[string]expectation {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]expectation{}
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	auto := map[verdict.Status]bool{verdict.Pass: true, verdict.Fail: true, verdict.NA: true, verdict.Waived: true, verdict.Error: true}
	seen := map[string]bool{}
	for _, it := range c.Items() {
		seen[it.ID] = true
		w, ok := want[it.ID]
		switch {
		case !ok:
			t.Errorf("%s: no expectation for item %s", file, it.ID)
		case it.Kind == checklist.KindManual && w.Status != verdict.Todo:
			t.Errorf("%s:%d: manual item %s must expect todo, not %q", file, w.Line, it.ID, w.Status)
		case it.Kind == checklist.KindAuto && !auto[w.Status]:
			t.Errorf("%s:%d: auto item %s cannot end %q", file, w.Line, it.ID, w.Status)
		}
	}
	for id, w := range want {
		if !seen[id] {
			t.Errorf("%s:%d: %s is not an item of the default checklist", file, w.Line, id)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return want
}

// evaluateBounded evaluates dir with the default options of `prc check` and fails the test if the
// evaluation panics or does not return within realisticDeadline.
func evaluateBounded(t *testing.T, c *checklist.Checklist, dir, name string) *checklist.Report {
	t.Helper()
	type outcome struct {
		rep   *checklist.Report
		err   error
		panic string
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{panic: fmt.Sprintf("%v\n%s", p, debug.Stack())}
			}
		}()
		rep, err := evaluateDir(c, dir, name)
		done <- outcome{rep: rep, err: err}
	}()
	timer := time.NewTimer(realisticDeadline)
	defer timer.Stop()
	select {
	case o := <-done:
		if o.panic != "" {
			t.Fatalf("evaluation panicked: %s", o.panic)
		}
		if o.err != nil {
			t.Fatalf("evaluate %s: %v", dir, o.err)
		}
		return o.rep
	case <-timer.C:
		t.Fatalf("evaluating %s did not finish within %s", dir, realisticDeadline)
		return nil
	}
}

func evaluateDir(c *checklist.Checklist, dir, name string) (*checklist.Report, error) {
	snap, err := repo.OpenDir(dir)
	if err != nil {
		return nil, err
	}
	var cfg *repoconfig.Config
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(repoconfig.Path)))
	switch {
	case err == nil:
		if cfg, err = repoconfig.Parse(repoconfig.Path, data); err != nil {
			return nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	opts := checklist.Options{Config: cfg, DefaultName: name, Now: realisticNow}
	return checklist.Evaluate(context.Background(), c, snap, opts)
}

// compareItems returns one line per difference between the results and the expectations.
func compareItems(results []checklist.Result, want map[string]expectation) []string {
	var msgs []string
	for _, r := range results {
		w, ok := want[r.ID]
		if !ok {
			msgs = append(msgs, fmt.Sprintf("  %s: unexpected item (got %s)", r.ID, r.Status))
			continue
		}
		lines := evidenceLines(r.Evidence)
		if r.Status != w.Status {
			msgs = append(msgs, fmt.Sprintf("  %s (line %d): want %s, got %s; evidence: %s", r.ID, w.Line, w.Status, r.Status, strings.Join(lines, " | ")))
		}
		for _, sub := range w.Evidence {
			if !anyContains(lines, sub) {
				msgs = append(msgs, fmt.Sprintf("  %s (line %d): no evidence mentions %q; evidence: %s", r.ID, w.Line, sub, strings.Join(lines, " | ")))
			}
		}
		for _, sub := range w.Note {
			if !strings.Contains(r.Note, sub) {
				msgs = append(msgs, fmt.Sprintf("  %s (line %d): note %q does not mention %q", r.ID, w.Line, r.Note, sub))
			}
		}
	}
	return msgs
}

func evidenceLines(ev []verdict.Evidence) []string {
	out := make([]string, len(ev))
	for i, e := range ev {
		out[i] = e.String()
	}
	return out
}

func anyContains(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// outsideMarker is written only outside the hostile repository; finding it in a report means prc
// read outside the tree.
const outsideMarker = "outside-sentinel-7f3c"

// hostileCopy copies the committed hostile repository into a temporary directory and adds what git
// should not carry: a 2 MiB manifest, 50,000-deep nested YAML, and symbolic links that leave the tree.
func hostileCopy(t *testing.T, src string) string {
	t.Helper()
	tmp := t.TempDir()
	dst := filepath.Join(tmp, "repo")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	outside := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + outsideMarker +
		"\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          image: " + outsideMarker + ":latest\n"
	writeHostileFile(t, filepath.Join(tmp, "outside", "deployment.yaml"), outside)
	writeHostileFile(t, filepath.Join(dst, "deploy", "big-configmap.yaml"), bigConfigMap(2<<20))
	depth := 50000
	writeHostileFile(t, filepath.Join(dst, "deploy", "deep.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: "+
		strings.Repeat("[", depth)+strings.Repeat("]", depth)+"\n")
	links := map[string]string{
		"deploy/passwd.yaml":  "/etc/passwd",
		"deploy/outside.yaml": "../../outside/deployment.yaml",
		"deploy/up":           "../../",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dst, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func bigConfigMap(size int) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: geoip\ndata:\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  range-%07d: \"10.%d.%d.0/24 eu-west-1\"\n", i, i/256%256, i%256)
	}
	return b.String()
}

func writeHostileFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkHostile asserts that every hostile file surfaced as error evidence or as skipped, that the
// links leaving the tree were skipped and not followed, and that nothing outside the tree was read.
func checkHostile(t *testing.T, rep *checklist.Report) {
	t.Helper()
	skipped := map[string]bool{}
	var all []string
	for _, s := range rep.Skipped {
		skipped[s.Path] = true
		all = append(all, s.Path+" "+s.Reason)
	}
	for _, r := range rep.Services[0].Items {
		all = append(all, evidenceLines(r.Evidence)...)
		all = append(all, r.Note)
	}
	for _, p := range []string{"deploy/passwd.yaml", "deploy/outside.yaml", "deploy/up", "deploy/big-configmap.yaml"} {
		if !skipped[p] {
			t.Errorf("%s is not listed as skipped; skipped: %v", p, rep.Skipped)
		}
	}
	hostile := []string{
		"deploy/configmap-cache.yaml", "deploy/deployment-worker.yaml", "deploy/junk.yaml", "deploy/deep.yaml",
		"deploy/big-configmap.yaml", ".github/workflows/release.yml", "package.json",
		"charts/broken-template", "charts/missing-dep", "charts/loop",
	}
	for _, p := range hostile {
		if !anyContains(all, p) {
			t.Errorf("hostile %s appears in no evidence and is not skipped", p)
		}
	}
	for _, bad := range []string{outsideMarker, "root:x:0:0", "deploy/up/"} {
		if anyContains(all, bad) {
			t.Errorf("the report mentions %q: something outside the tree was read", bad)
		}
	}
}

// TestRealisticCompare checks the comparison TestRealistic relies on, so that a silent comparer
// cannot make the realistic repositories pass.
func TestRealisticCompare(t *testing.T) {
	result := checklist.Result{ID: "docs.readme", Status: verdict.Fail, Note: "waiver expired on 2026-06-30",
		Evidence: []verdict.Evidence{{Path: "README.md", Line: 1, Message: "has 2 non-blank lines"}}}
	tests := map[string]struct {
		expected string
		want     []string
	}{
		"scalar match":       {"docs.readme: fail", nil},
		"status mismatch":    {"docs.readme: pass", []string{"want pass, got fail", "README.md:1 has 2"}},
		"evidence match":     {"docs.readme: {status: fail, evidence: [README.md:1], note: [expired]}", nil},
		"evidence missing":   {"docs.readme: {status: fail, evidence: [docs/]}", []string{`no evidence mentions "docs/"`}},
		"note missing":       {"docs.readme: {status: fail, note: [approved]}", []string{`does not mention "approved"`}},
		"unexpected item":    {"docs.runbook: fail", []string{"docs.readme: unexpected item"}},
		"several mismatches": {"docs.readme: {status: na, evidence: [x, y]}", []string{"want na", `"x"`, `"y"`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			want := map[string]expectation{}
			if err := yaml.Unmarshal([]byte(tc.expected), &want); err != nil {
				t.Fatal(err)
			}
			msgs := compareItems([]checklist.Result{result}, want)
			if len(tc.want) == 0 && len(msgs) > 0 {
				t.Fatalf("mismatches %q, want none", msgs)
			}
			joined := strings.Join(msgs, "\n")
			for _, sub := range tc.want {
				if !strings.Contains(joined, sub) {
					t.Errorf("mismatches %q lack %q", msgs, sub)
				}
			}
		})
	}
	var e expectation
	if err := yaml.Unmarshal([]byte("{status: pass, evidnce: [x]}"), &e); err == nil {
		t.Error("an unknown field in an expectation was accepted")
	}
}
