package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/prchq/prc/checklist"
)

// moreDetails ends a check run text that was cut to stay within MaxCheckRunText.
const moreDetails = "\n… more in `prc check` and the PRC issue.\n"

// failingDetails lists every failing or erroring auto item with its evidence and fix, the
// details a pull request's author needs beyond the annotations, cut line by line at
// MaxCheckRunText.
func failingDetails(rep *checklist.Report) string {
	w := &boundedLines{max: MaxCheckRunText - len(moreDetails)}
	for _, s := range rep.Services {
		for _, res := range s.Items {
			if !failingAuto(res) {
				continue
			}
			w.line(fmt.Sprintf("#### %s `%s` %s (%s)", mdText(s.Name), res.ID, mdText(res.Title), res.Status))
			for _, e := range res.Evidence {
				w.line("- " + defuseLinks(mdEvidence(e)))
			}
			if res.Hint != "" {
				w.line("- Fix: " + mdText(res.Hint))
			}
			w.line("")
		}
	}
	if w.full {
		return w.b.String() + moreDetails
	}
	return w.b.String()
}

// boundedLines collects whole lines up to max bytes; full records that a line was left out.
type boundedLines struct {
	b    strings.Builder
	max  int
	full bool
}

func (w *boundedLines) line(s string) {
	if w.full || w.b.Len()+len(s)+1 > w.max {
		w.full = true
		return
	}
	w.b.WriteString(s + "\n")
}

// annotations marks the evidence of failing auto items at file and line, at most MaxAnnotations.
func annotations(rep *checklist.Report) []Annotation {
	var out []Annotation
	for _, s := range rep.Services {
		for _, res := range s.Items {
			if !failingAuto(res) {
				continue
			}
			level := "warning"
			if res.Required {
				level = "failure"
			}
			title := capBytes(plainText(fmt.Sprintf("%s: %s (%s)", res.ID, res.Title, res.Status)), MaxAnnotationTitle)
			for _, e := range res.Evidence {
				if e.Path == "" || len(out) >= MaxAnnotations {
					continue
				}
				msg := e.Message
				if res.Hint != "" {
					msg += "\nFix: " + res.Hint
				}
				out = append(out, Annotation{Path: e.Path, Line: max(e.Line, 1), Level: level, Title: title,
					Message: capBytes(plainText(msg), MaxAnnotationMessage)})
			}
		}
	}
	return out
}

// plainText is repository text for the plain-text fields of an annotation: lines kept, control
// characters gone, mentions, issue references and links defused.
func plainText(s string) string {
	lines := strings.Split(strings.ToValidUTF8(s, "\uFFFD"), "\n")
	for i, l := range lines {
		lines[i] = defuseLinks(defuseRefs(blankUnsafe(l)))
	}
	return strings.Join(lines, "\n")
}

// linkStarts are what GitHub turns into a link in text: a scheme's "://" and a bare "www.".
var linkDefuser = strings.NewReplacer("://", ":\u200b//", "www.", "www\u200b.", "WWW.", "WWW\u200b.")

// defuseLinks puts a zero-width space into the places GitHub would autolink, so that
// repository text cannot become a link.
func defuseLinks(s string) string { return linkDefuser.Replace(s) }

// capBytes cuts s to at most n bytes on a rune boundary, ending it with "…" when cut.
func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
