package render

import (
	"bufio"
	"fmt"
	"io"
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
	t := &textWriter{w: bufio.NewWriter(w), color: opts.Color}
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
	if err := t.w.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

type textWriter struct {
	w     *bufio.Writer
	color bool
}

// printf writes formatted output; bufio.Writer keeps the first error for Flush to return.
func (t *textWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

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
}

func (t *textWriter) item(r checklist.Result, width int) {
	st, ok := textStatus[r.Status]
	if !ok {
		st = statusStyle{"?", string(r.Status), ansiRed}
	}
	label := fmt.Sprintf("%s %-6s", st.symbol, st.word)
	t.printf("    %s  %-*s  %s%s\n", t.paint(st.color, label), width, r.ID, termSafe(r.Title), itemQualifiers(r))
	for _, e := range r.Evidence {
		t.printf("        %s\n", termSafe(e.String()))
	}
	if (r.Status == verdict.Fail || r.Status == verdict.Error) && r.Hint != "" {
		t.printf("        %s\n", t.paint(ansiCyan, "hint: "+termSafe(r.Hint)))
	}
	if r.Note != "" {
		t.printf("        note: %s\n", termSafe(r.Note))
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
