package render

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/template"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/templates"
)

// ErrTooLong is returned when an issue body exceeds MaxLen even with all evidence removed, which
// takes a checklist of thousands of items.
var ErrTooLong = errors.New("issue body too long even without evidence")

// maxTemplateOutput stops a runaway replacement template.
const maxTemplateOutput = 16 << 20

// Markdown writes the PRC issue body of every service in rep, separated by horizontal rules.
func Markdown(w io.Writer, rep *checklist.Report, opts Options) error {
	for i, s := range rep.Services {
		body, err := IssueBody(rep, s.Name, opts)
		if err != nil {
			return err
		}
		if i > 0 {
			body = "\n---\n\n" + body
		}
		if _, err := io.WriteString(w, body); err != nil {
			return fmt.Errorf("write markdown report: %w", err)
		}
	}
	return nil
}

// IssueBody renders the PRC issue body for the named service of rep. When the body would exceed
// opts.MaxLen, evidence is trimmed: first each item keeps fewer lines, then items lose their
// evidence altogether, passing items before failing ones; the body then says how to see all of
// it. The result always carries the markers ParseBody reads.
func IssueBody(rep *checklist.Report, service string, opts Options) (string, error) {
	idx := -1
	for i := range rep.Services {
		if rep.Services[i].Name == service {
			idx = i
			break
		}
	}
	if idx < 0 {
		return "", fmt.Errorf("issue body: no service named %q in the report", service)
	}
	tmpl, err := issueTemplate(opts)
	if err != nil {
		return "", err
	}
	r := &issueRenderer{tmpl: tmpl, rep: rep, svc: &rep.Services[idx], opts: opts}
	body, err := r.fit()
	if err != nil {
		return "", fmt.Errorf("issue body for %s: %w", service, err)
	}
	if err := checkMarkers(body, r.svc); err != nil {
		return "", fmt.Errorf("issue body for %s: %w", service, err)
	}
	return body, nil
}

var embeddedIssue = sync.OnceValues(func() (*template.Template, error) {
	return templates.Load(templates.IssueBody, markdownFuncs())
})

func issueTemplate(opts Options) (*template.Template, error) {
	tmpl, err := embeddedIssue()
	if opts.IssueTemplate != "" {
		tmpl, err = templates.Parse("issue", opts.IssueTemplate, markdownFuncs())
	}
	if err != nil || opts.FileURL == nil {
		return tmpl, err
	}
	linked, err := tmpl.Clone()
	if err != nil {
		return nil, err
	}
	return linked.Funcs(template.FuncMap{"evidence": func(e verdict.Evidence) string { return mdEvidenceLinked(e, opts.FileURL) }}), nil
}

type issueRenderer struct {
	tmpl *template.Template
	rep  *checklist.Report
	svc  *checklist.ServiceReport
	opts Options
}

func (r *issueRenderer) render(l limits) (string, error) {
	v, err := buildIssueView(r.rep, r.svc, r.opts, l)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := r.tmpl.Execute(&cappedWriter{w: &b, left: maxTemplateOutput}, v); err != nil {
		return "", fmt.Errorf("execute issue template: %w", err)
	}
	return b.String(), nil
}

// fit renders with as much evidence as MaxLen allows: all of it; else the largest per-item
// limit that fits; else one line for as many items as fit, in priority order.
func (r *issueRenderer) fit() (string, error) {
	maxLen := r.opts.MaxLen
	if maxLen <= 0 {
		maxLen = DefaultMaxLen
	}
	body, err := r.render(noLimits)
	if err != nil || len(body) <= maxLen {
		return body, err
	}
	most := 0
	for _, it := range r.svc.Items {
		most = max(most, len(it.Evidence))
	}
	if body, ok, err := r.largest(1, most-1, maxLen, func(n int) limits { return limits{perItem: n, keep: -1} }); ok || err != nil {
		return body, err
	}
	body, ok, err := r.largest(0, len(r.svc.Items), maxLen, func(n int) limits { return limits{perItem: 1, keep: n} })
	if err == nil && !ok {
		err = fmt.Errorf("%w: over %d bytes", ErrTooLong, maxLen)
	}
	return body, err
}

// largest binary-searches the largest n in [lo, hi] whose rendering fits in maxLen, relying on
// renderings growing with n. ok is false when none fits.
func (r *issueRenderer) largest(lo, hi, maxLen int, at func(int) limits) (best string, ok bool, err error) {
	for lo <= hi {
		mid := lo + (hi-lo)/2
		body, err := r.render(at(mid))
		if err != nil {
			return "", false, err
		}
		if len(body) <= maxLen {
			best, ok, lo = body, true, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best, ok, nil
}

// checkMarkers verifies that a rendered body reads back with its meta and every item marker, so
// that a replacement template cannot produce an issue the App could not read.
func checkMarkers(body string, svc *checklist.ServiceReport) error {
	p, err := ParseBody(body)
	if err != nil {
		return fmt.Errorf("rendered body does not read back: %w", err)
	}
	ids := make([]string, len(svc.Items))
	for i, it := range svc.Items {
		ids[i] = it.ID
	}
	if missing := p.Missing(ids); len(missing) > 0 {
		return fmt.Errorf("rendered body lacks item markers for %s", strings.Join(missing, ", "))
	}
	return nil
}

// cappedWriter fails once more than left bytes have been written.
type cappedWriter struct {
	w    io.Writer
	left int
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if len(p) > c.left {
		return 0, fmt.Errorf("template output over %d bytes", maxTemplateOutput)
	}
	c.left -= len(p)
	return c.w.Write(p)
}
