package render

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// shaRE is the shape of a git commit id, the only text ShortSHA passes.
var shaRE = regexp.MustCompile(`^[0-9a-f]{7,64}$`)

// ShortSHA is the first seven characters of a commit id, or "" for anything that is not one.
func ShortSHA(sha string) string {
	if !shaRE.MatchString(sha) {
		return ""
	}
	return sha[:7]
}

// Regression is a required item of a launched service that a default-branch commit broke, as
// its comment on the PRC issue tells it.
type Regression struct {
	// ID identifies the regression; the comment carries it in a hidden marker.
	ID   int64
	Item string
	// SHA is the commit the item broke in; Evidence is the failing result's first evidence.
	SHA      string
	Evidence verdict.Evidence
	// RecoveredSHA is the commit the item passes again in; empty while it is broken.
	RecoveredSHA string
	// FileURL links the evidence to its file at SHA when set.
	FileURL func(path string, line int) string
}

// RegressionMarker is the hidden marker of regression id's comment.
func RegressionMarker(id int64) string { return fmt.Sprintf("<!-- prc:regression %d -->", id) }

// RegressionComment announces that a launched service's required item broke, naming the commit
// and the evidence; once RecoveredSHA is set, it says the item recovered instead.
func RegressionComment(r Regression) string {
	var b strings.Builder
	if r.RecoveredSHA == "" {
		fmt.Fprintf(&b, "⚠️ **Regression after launch:** %s fails since commit %s.\n\n", checkCode(r.Item), commitCode(r.SHA))
	} else {
		fmt.Fprintf(&b, "✅ **Recovered:** %s broke in commit %s after the launch and no longer fails since commit %s.\n\n",
			checkCode(r.Item), commitCode(r.SHA), commitCode(r.RecoveredSHA))
	}
	if ev := regressionEvidence(r); ev != "" {
		label := "Evidence"
		if r.RecoveredSHA != "" {
			label = "Evidence when it broke"
		}
		fmt.Fprintf(&b, "**%s:** %s\n\n", label, ev)
	}
	if r.RecoveredSHA == "" {
		b.WriteString("prc updates this comment when the item passes again.\n")
	}
	b.WriteString(RegressionMarker(r.ID) + "\n")
	return boundComment(b.String())
}

// regressionEvidence is "`path`:line message", its location linked to FileURL's address.
func regressionEvidence(r Regression) string {
	e := r.Evidence
	var parts []string
	if e.Path != "" {
		loc := checkCode(e.Path)
		if e.Line > 0 {
			loc += fmt.Sprintf(":%d", e.Line)
		}
		if r.FileURL != nil {
			loc = "[" + loc + "](" + r.FileURL(e.Path, e.Line) + ")"
		}
		parts = append(parts, loc)
	}
	if msg := mdText(e.Message); msg != "" {
		parts = append(parts, msg)
	}
	return strings.Join(parts, " ")
}

// commitCode shows a commit id as a code span, or a placeholder when it is not one.
func commitCode(sha string) string {
	if ShortSHA(sha) == "" {
		return "(unknown)"
	}
	return "`" + sha + "`"
}

// launchedRegressions are the results of in.Head that break a required auto item of a
// launched service that is satisfied in in.Base.
func launchedRegressions(in CheckInput) []checklist.Result {
	if in.Base == nil || len(in.Launched) == 0 {
		return nil
	}
	var out []checklist.Result
	for _, head := range in.Head.Services {
		if !slices.Contains(in.Launched, head.Name) {
			continue
		}
		for _, base := range in.Base.Services {
			if base.Name == head.Name {
				out = append(out, checklist.Regressed(base, head)...)
			}
		}
	}
	return out
}
