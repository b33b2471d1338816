package render

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// ANSI styles used by the text renderer.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// statusStyle is how the text renderer shows a status: a symbol, a word and a colour.
type statusStyle struct{ symbol, word, color string }

var textStatus = map[verdict.Status]statusStyle{
	verdict.Pass:   {"✓", "pass", ansiGreen},
	verdict.Fail:   {"✗", "FAIL", ansiRed},
	verdict.NA:     {"–", "n/a", ansiDim},
	verdict.Waived: {"~", "waived", ansiYellow},
	verdict.Error:  {"!", "ERROR", ansiRed},
	verdict.Todo:   {"☐", "todo", ansiYellow},
	verdict.Done:   {"☑", "done", ansiGreen},
}

// Text writes rep for a terminal: by service, then section, one line per item with its evidence,
// hints and notes below it, a summary line per service and the skipped files at the end.
func Text(w io.Writer, rep *checklist.Report, opts Options) error {
	t := &textWriter{w: bufio.NewWriter(w), color: opts.Color, verbose: opts.Verbose, explained: map[string]bool{}}
	t.printf("Checklist %s version %s", termSafe(rep.Checklist.Name), termSafe(rep.Checklist.Version))
	if src := termSafe(rep.Checklist.Source); strings.HasPrefix(src, "(") {
		t.printf(" %s", src)
	} else if src != "" {
		t.printf(" (%s)", src)
	}
	t.printf("\n")
	for _, s := range rep.Services {
		t.service(s, opts)
	}
	t.skipped(rep)
	if t.summarised {
		t.printf("\n%s\n", t.paint(ansiDim, "Passing items show a summary of their evidence; --verbose lists all of it."))
	}
	if err := t.w.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

type textWriter struct {
	w       *bufio.Writer
	color   bool
	verbose bool
	// explained holds the items whose description was shown: each is shown once per report.
	explained map[string]bool
	// summarised is set when a passing item's evidence was summarised.
	summarised bool
}

// printf writes formatted output; bufio.Writer keeps the first error for Flush to return.
func (t *textWriter) printf(format string, args ...any) { _, _ = fmt.Fprintf(t.w, format, args...) }

func (t *textWriter) paint(style, s string) string {
	if !t.color || style == "" {
		return s
	}
	return style + s + ansiReset
}

func (t *textWriter) service(s checklist.ServiceReport, opts Options) {
	t.printf("\n%s\n", t.paint(ansiBold, fmt.Sprintf("%s · tier %s · path %s", termSafe(s.Name), s.Tier, termSafe(s.Path))))
	width := 0
	for _, r := range s.Items {
		width = max(width, len(r.ID))
	}
	for _, sec := range groupSections(s.Items) {
		t.printf("\n  %s\n", t.paint(ansiBold, termSafe(opts.sectionTitle(sec.ID))))
		for _, r := range sec.Items {
			t.item(r, width)
		}
	}
	t.printf("\n  %s\n", t.paint(ansiBold, serviceSummary(s)))
	for _, n := range s.Notes {
		t.printf("  note: %s\n", termSafe(n))
	}
	if t.verbose && len(s.Duplicates) > 0 {
		t.printf("\n  Other copies of workloads, judged once from their most deployment-like source:\n")
		for _, e := range s.Duplicates {
			t.printf("    %s\n", termSafe(e.String()))
		}
	}
}

func (t *textWriter) item(r checklist.Result, width int) {
	st, ok := textStatus[r.Status]
	if !ok {
		st = statusStyle{"?", string(r.Status), ansiRed}
	}
	label := fmt.Sprintf("%s %-6s", st.symbol, st.word)
	t.printf("    %s  %-*s  %s%s\n", t.paint(st.color, label), width, r.ID, termSafe(r.Title), itemQualifiers(r))
	if r.Failed() && r.Description != "" && !t.explained[r.ID] {
		t.explained[r.ID] = true
		t.printf("        %s\n", t.paint(ansiDim, "why: "+termSafe(r.Description)))
	}
	t.evidence(r)
	if r.Failed() && r.Hint != "" {
		t.printf("        %s\n", t.paint(ansiCyan, "hint: "+termSafe(r.Hint)))
	}
	if r.Note != "" {
		t.printf("        note: %s\n", termSafe(r.Note))
	}
}

// evidence lists an item's evidence; a passing item's takes one summary line unless verbose.
func (t *textWriter) evidence(r checklist.Result) {
	if r.Status == verdict.Pass && len(r.Evidence) > 1 && !t.verbose {
		t.summarised = true
		t.printf("        %s\n", termSafe(evidenceSummary(r.Evidence)))
		return
	}
	for _, e := range r.Evidence {
		t.printf("        %s\n", termSafe(e.String()))
	}
}

// itemQualifiers marks manual and optional items after the title.
func itemQualifiers(r checklist.Result) string {
	var q []string
	if r.Kind == checklist.KindManual {
		q = append(q, "manual")
	}
	if !r.Required {
		q = append(q, "optional")
	}
	if len(q) == 0 {
		return ""
	}
	return " (" + strings.Join(q, ", ") + ")"
}

// serviceSummary is the one-line verdict for a service, such as
// "payments (tier critical): 28/36 required satisfied; failing: cicd.image-scan".
func serviceSummary(s checklist.ServiceReport) string {
	sum := s.Summary
	line := fmt.Sprintf("%s (tier %s): %d/%d required satisfied", termSafe(s.Name), s.Tier, sum.Satisfied, sum.Required)
	if len(sum.Failing) > 0 {
		line += "; failing: " + strings.Join(sum.Failing, ", ")
	}
	if todo := manualMissing(sum); len(todo) > 0 {
		line += "; manual to do: " + strings.Join(todo, ", ")
	}
	if sum.Ready {
		line += "; ready to launch"
	}
	return line
}

// manualMissing lists the missing items that are not failing auto items: the manual ones.
func manualMissing(sum checklist.Summary) []string {
	failing := map[string]bool{}
	for _, id := range sum.Failing {
		failing[id] = true
	}
	var out []string
	for _, id := range sum.Missing {
		if !failing[id] {
			out = append(out, id)
		}
	}
	return out
}

func (t *textWriter) skipped(rep *checklist.Report) {
	if len(rep.Skipped) == 0 {
		return
	}
	t.printf("\nSkipped files (not read by any check):\n")
	for _, s := range rep.Skipped {
		t.printf("  %s: %s\n", termSafe(s.Path), termSafe(s.Reason))
	}
}

// TermSafe escapes the control characters and escape sequences in s that could restyle or
// rewrite a terminal, for text from a checklist or a repository printed by other commands.
func TermSafe(s string) string { return termSafe(s) }

// objectPrefixRE finds the "Kind/name: " (or "Kind/name (note): ") that evidence about a
// Kubernetes object starts with.
var objectPrefixRE = regexp.MustCompile(`^([A-Z][A-Za-z0-9]*)/([^\s:(]+)(?: \([^)]*\))?: (.*)$`)

// evidenceSummary says in one line what several pieces of evidence show, from their count, the
// kinds of object they name and what they have in common, as in "12 Deployments and 2
// StatefulSets: every container requests cpu and memory" or "3 files: satisfies the check".
func evidenceSummary(ev []verdict.Evidence) string {
	t := tallyEvidence(ev)
	what := countedKinds(t.kinds, t.order)
	switch {
	case what == "" && len(t.files) > 1:
		what = countNoun(len(t.files), "file", "files")
	case what == "":
		what = fmt.Sprintf("%d findings", len(ev))
	case t.others > 0:
		what += " and " + countNoun(t.others, "other finding", "other findings")
	}
	if len(t.findings) == 1 {
		for f := range t.findings {
			return what + ": " + f
		}
	}
	if len(t.files) > 1 && len(t.kinds) > 0 {
		what += " in " + countNoun(len(t.files), "file", "files")
	}
	return what + " pass"
}

// evidenceTally is what evidenceSummary counts: objects by kind (in order of appearance), files,
// findings without an object, and the distinct findings once names and numbers are set aside.
type evidenceTally struct {
	kinds    map[string]map[string]bool
	order    []string
	files    map[string]bool
	findings map[string]bool
	others   int
}

func tallyEvidence(ev []verdict.Evidence) evidenceTally {
	t := evidenceTally{kinds: map[string]map[string]bool{}, files: map[string]bool{}, findings: map[string]bool{}}
	for _, e := range ev {
		if e.Path != "" {
			t.files[e.Path] = true
		}
		m := objectPrefixRE.FindStringSubmatch(e.Message)
		if m == nil {
			t.others++
			t.findings[e.Message] = true
			continue
		}
		if t.kinds[m[1]] == nil {
			t.kinds[m[1]] = map[string]bool{}
			t.order = append(t.order, m[1])
		}
		t.kinds[m[1]][e.Path+"\x00"+m[2]] = true
		t.findings[m[3]] = true
	}
	if len(t.findings) > 1 {
		t.findings = shapes(t.findings)
	}
	return t
}

// shapeRE finds the quoted names and numbers in which otherwise equal findings differ.
var shapeRE = regexp.MustCompile(`"[^"]*"|\b\d+\b`)

// shapes replaces names and numbers in each finding by "…", so that `container "api" has a
// readinessProbe` and `container "web" has a readinessProbe` read as one.
func shapes(findings map[string]bool) map[string]bool {
	out := map[string]bool{}
	for f := range findings {
		out[shapeRE.ReplaceAllStringFunc(f, func(m string) string {
			if strings.HasPrefix(m, `"`) {
				return `"…"`
			}
			return "…"
		})] = true
	}
	return out
}

// countedKinds lists objects by kind, as "12 Deployments and 2 StatefulSets".
func countedKinds(kinds map[string]map[string]bool, order []string) string {
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = countNoun(len(kinds[k]), k, pluralKind(k))
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pluralKind is the English plural of a Kubernetes kind: Deployments, Ingresses, NetworkPolicies.
func pluralKind(k string) string {
	switch {
	case strings.HasSuffix(k, "s"), strings.HasSuffix(k, "x"), strings.HasSuffix(k, "ch"), strings.HasSuffix(k, "sh"):
		return k + "es"
	case strings.HasSuffix(k, "y") && len(k) > 1 && !strings.ContainsRune("aeiou", rune(k[len(k)-2])):
		return k[:len(k)-1] + "ies"
	}
	return k + "s"
}
