package render

import (
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/templates"
)

// GitHub's limits on what one check run and one comment may carry. Lengths are measured in
// bytes, which are never fewer than the characters GitHub counts.
const (
	MaxCheckRunText      = 65535
	MaxAnnotationTitle   = 255
	MaxAnnotationMessage = 64 << 10
	MaxComment           = 65536
	// MaxAnnotations bounds the annotations of one check run; the GitHub client sends them in
	// batches of 50.
	MaxAnnotations = 500
)

// CheckInput is what the readiness check run of a pull request is rendered from.
type CheckInput struct {
	// Head is the evaluation of the pull request's head commit.
	Head *checklist.Report
	// Base is the evaluation of its base; nil when the base could not be evaluated.
	Base *checklist.Report
	// Sections orders and names the section rows of the summary tables.
	Sections []checklist.Section
	// Problems are broken configuration files that were replaced by a good version.
	Problems []string
	// LaunchLabel is the launch label's name when a pull request or PRC issue carries it: an
	// incomplete checklist then fails the check.
	LaunchLabel string
	// Launched names the services with a recorded launch: breaking a required auto item of one
	// that passes in Base fails the check.
	Launched []string
}

// CheckRun is the presentation of a completed readiness check run.
type CheckRun struct {
	Conclusion  string
	Title       string
	Summary     string
	Text        string
	Annotations []Annotation
}

// Annotation marks a file line of a check run with a failing item's evidence.
type Annotation struct {
	Path    string
	Line    int
	Level   string
	Title   string
	Message string
}

// RenderCheckRun renders the check run of in: the conclusion and title, a summary table per
// service with the change against the base, the details of every failing auto item, and an
// annotation per piece of their evidence at a file. Each part stays within GitHub's limits.
func RenderCheckRun(in CheckInput) (CheckRun, error) {
	run := conclude(in)
	summary, err := checkSummary(in)
	if err != nil {
		return run, err
	}
	run.Summary = summary
	run.Text = failingDetails(in.Head)
	run.Annotations = annotations(in.Head)
	return run, nil
}

// conclude passes a ready head, fails one that regresses a launched service or is incomplete
// while the launch label is set, and is neutral otherwise.
func conclude(in CheckInput) CheckRun {
	ready, missing := true, 0
	for _, s := range in.Head.Services {
		ready = ready && s.Summary.Ready
		missing += len(s.Summary.Missing)
	}
	switch broken := len(launchedRegressions(in)); {
	case broken > 0:
		return CheckRun{Conclusion: "failure", Title: fmt.Sprintf("Regresses a launched service: %d required items break", broken)}
	case ready:
		return CheckRun{Conclusion: "success", Title: "Ready to launch"}
	case in.LaunchLabel != "":
		return CheckRun{Conclusion: "failure", Title: fmt.Sprintf("Not ready to launch: %d required items missing", missing)}
	default:
		return CheckRun{Conclusion: "neutral", Title: fmt.Sprintf("%d required items missing", missing)}
	}
}

var checkTemplate = sync.OnceValues(func() (*template.Template, error) {
	return templates.Load(templates.CheckRunSummary, checkFuncs())
})

// checkFuncs are the issue body's escaping functions, with links in code spans defused too.
func checkFuncs() template.FuncMap {
	return template.FuncMap{
		"text":  mdText,
		"code":  checkCode,
		"codes": func(l []string) string { return defuseLinks(mdCodes(l)) },
	}
}

// checkSummary renders a block per service and the footer, leaving out the last services, with
// a line saying how many, when all of them would exceed MaxCheckRunText.
func checkSummary(in CheckInput) (string, error) {
	tmpl, err := checkTemplate()
	if err != nil {
		return "", err
	}
	footer, err := execute(tmpl, "footer", footerView(in))
	if err != nil {
		return "", err
	}
	blocks := make([]string, len(in.Head.Services))
	total := len(footer)
	for i, s := range in.Head.Services {
		if blocks[i], err = execute(tmpl, "service", newServiceCounts(s, in)); err != nil {
			return "", err
		}
		total += len(blocks[i])
	}
	if total <= MaxCheckRunText {
		return strings.Join(blocks, "") + footer, nil
	}
	var b strings.Builder
	for i, block := range blocks {
		more, err := execute(tmpl, "more", len(blocks)-i)
		if err != nil {
			return "", err
		}
		if b.Len()+len(block)+len(more)+len(footer) > MaxCheckRunText {
			b.WriteString(more)
			break
		}
		b.WriteString(block)
	}
	b.WriteString(footer)
	return b.String(), nil
}

func execute(tmpl *template.Template, name string, data any) (string, error) {
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render check run %s: %w", name, err)
	}
	return b.String(), nil
}

type footerData struct {
	Checklist, Version, LaunchLabel string
	Problems                        []string
	// Regresses is set when the head breaks a required item of a launched service.
	Regresses bool
}

func footerView(in CheckInput) footerData {
	return footerData{Checklist: in.Head.Checklist.Name, Version: in.Head.Checklist.Version, LaunchLabel: in.LaunchLabel,
		Problems: in.Problems, Regresses: len(launchedRegressions(in)) > 0}
}

// sectionCounts counts one section's results by status.
type sectionCounts struct {
	Title                                     string
	Pass, Fail, Error, NA, Waived, Todo, Done int
}

// add counts one result; statuses without a column are not counted.
func (c *sectionCounts) add(s verdict.Status) {
	switch s {
	case verdict.Pass:
		c.Pass++
	case verdict.Fail:
		c.Fail++
	case verdict.Error:
		c.Error++
	case verdict.NA:
		c.NA++
	case verdict.Waived:
		c.Waived++
	case verdict.Todo:
		c.Todo++
	case verdict.Done:
		c.Done++
	}
}

type serviceCounts struct {
	checklist.ServiceReport
	Changes  string
	Sections []sectionCounts
	Missing  []string
}

func newServiceCounts(s checklist.ServiceReport, in CheckInput) serviceCounts {
	return serviceCounts{ServiceReport: s, Changes: Changes(s, in.Base), Sections: countSections(in.Sections, s), Missing: s.Summary.Missing}
}

// countSections counts a service's results per section, in the checklist's order.
func countSections(sections []checklist.Section, s checklist.ServiceReport) []sectionCounts {
	out := make([]sectionCounts, len(sections))
	index := make(map[string]int, len(sections))
	for i, sec := range sections {
		index[sec.ID] = i
		out[i].Title = sec.Title
	}
	for _, res := range s.Items {
		if i, ok := index[res.Section]; ok {
			out[i].add(res.Status)
		}
	}
	return out
}

// Changes describes what head fixes and regresses against the same service in base, by item
// id: "fixes a, b; regresses c". It is empty without a base or without that service in it.
func Changes(head checklist.ServiceReport, base *checklist.Report) string {
	if base == nil {
		return ""
	}
	var was map[string]bool
	for _, s := range base.Services {
		if s.Name == head.Name {
			was = make(map[string]bool, len(s.Items))
			for _, res := range s.Items {
				was[res.ID] = res.Status.Satisfied()
			}
		}
	}
	var fixes, regressions []string
	for _, res := range head.Items {
		prev, ok := was[res.ID]
		switch {
		case !ok || res.Kind != checklist.KindAuto:
		case !prev && res.Status.Satisfied():
			fixes = append(fixes, res.ID)
		case prev && !res.Status.Satisfied():
			regressions = append(regressions, res.ID)
		}
	}
	var parts []string
	if len(fixes) > 0 {
		parts = append(parts, "fixes "+strings.Join(fixes, ", "))
	}
	if len(regressions) > 0 {
		parts = append(parts, "regresses "+strings.Join(regressions, ", "))
	}
	return strings.Join(parts, "; ")
}

// failingAuto reports whether a result is an auto item that fails or errors: the results the
// check run details and annotates.
func failingAuto(r checklist.Result) bool {
	return r.Kind == checklist.KindAuto && (r.Status == verdict.Fail || r.Status == verdict.Error)
}
