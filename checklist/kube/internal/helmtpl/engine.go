package helmtpl

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
)

// Error is a template that failed to parse or execute, or a render stopped by its limits.
type Error struct {
	// Template is the chart-relative template name, such as "api/templates/deployment.yaml".
	Template string
	// Line is the 1-based line in Template when known.
	Line int
	// Msg describes the failure without the template package's nesting.
	Msg string
	// Err is the error as the template package or the guard reported it.
	Err error
}

// Error formats as "template:line: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Template, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Template, e.Msg)
}

// Unwrap returns the underlying template or budget error.
func (e *Error) Unwrap() error { return e.Err }

// renderable is one template with the values in its scope.
type renderable struct {
	tpl      string
	vals     chartutil.Values
	basePath string
}

// Render renders every template of chrt and its dependencies with vals (as built by
// chartutil.ToRenderValues), like Helm's engine without a cluster: lookup returns nothing and
// DNS lookups are disabled. It stops at the first error, when ctx ends, or when lim is exceeded.
// The result maps template names ("chart/templates/x.yaml") to rendered text; partials are left out.
func Render(ctx context.Context, chrt *chart.Chart, vals chartutil.Values, lim Limits) (map[string]string, error) {
	g := newGuard(ctx, lim)
	r := &renderer{g: g, includes: map[string]int{}}
	return r.render(allTemplates(chrt, vals))
}

type renderer struct {
	g        *guard
	includes map[string]int
}

func (r *renderer) render(tpls map[string]renderable) (out map[string]string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Template: "(chart)", Msg: fmt.Sprintf("rendering failed: %v", p)}
		}
	}()
	t := template.New("gotpl")
	t.Option("missingkey=zero")
	t.Funcs(r.funcs(t))
	keys := sortTemplates(tpls)
	for _, name := range keys {
		if _, err := t.New(name).Parse(tpls[name].tpl); err != nil {
			return nil, r.wrapError(name, err)
		}
	}
	r.g.instrument(t)
	out = make(map[string]string, len(keys))
	for _, name := range keys {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		vals := tpls[name].vals
		vals["Template"] = chartutil.Values{"Name": name, "BasePath": tpls[name].basePath}
		w := r.g.writer()
		if err := t.ExecuteTemplate(w, name, vals); err != nil {
			return nil, r.wrapError(name, err)
		}
		out[name] = strings.ReplaceAll(w.String(), "<no value>", "")
	}
	return out, nil
}

var (
	locationRE = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::\d+)?: `)
	callRE     = regexp.MustCompile(`^(?:executing "[^"]*" at <.*?>: )?error calling \w+: `)
)

// wrapError names the template and line an error happened at, preferring the innermost location
// the template package reports (which may be a helper the rendered file included).
func (r *renderer) wrapError(name string, err error) error {
	if r.g.err != nil {
		return &Error{Template: name, Msg: r.g.err.Error(), Err: r.g.err}
	}
	msg := err.Error()
	e := &Error{Template: name, Msg: msg, Err: err}
	locs := locationRE.FindAllStringSubmatchIndex(msg, -1)
	for i := len(locs) - 1; i >= 0; i-- {
		loc := locs[i]
		if tpl := msg[loc[2]:loc[3]]; tpl != tickFunc && tpl != "gotpl" {
			e.Template = tpl
			e.Line, _ = strconv.Atoi(msg[loc[4]:loc[5]])
			e.Msg = cleanMessage(callRE.ReplaceAllString(msg[loc[1]:], ""))
			break
		}
	}
	return e
}

// shorten keeps an error from include or tpl small: nested includes would otherwise repeat the
// whole chain at every level.
func shorten(err error) error {
	const keep = 1024
	if err == nil || len(err.Error()) <= 2*keep {
		return err
	}
	msg := err.Error()
	return fmt.Errorf("%s ... %s", msg[:keep], msg[len(msg)-keep:])
}

// cleanMessage unwraps the markers Helm's required and fail functions put around their text.
func cleanMessage(msg string) string {
	if m := warnRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return msg
}

func sortTemplates(tpls map[string]renderable) []string {
	keys := make([]string, 0, len(tpls))
	for k := range tpls {
		keys = append(keys, k)
	}
	// Helm parses deeper templates first so that top-level definitions win.
	sort.Slice(keys, func(i, j int) bool {
		ci, cj := strings.Count(keys[i], "/"), strings.Count(keys[j], "/")
		if ci == cj {
			return keys[i] > keys[j]
		}
		return ci > cj
	})
	return keys
}

func allTemplates(c *chart.Chart, vals chartutil.Values) map[string]renderable {
	templates := map[string]renderable{}
	collect(c, templates, vals)
	return templates
}

// collect gathers c's templates and its dependencies', scoping values the way Helm does: a
// subchart sees only the parent's values under its own name.
func collect(c *chart.Chart, templates map[string]renderable, vals chartutil.Values) map[string]any {
	subCharts := map[string]any{}
	meta := struct {
		chart.Metadata
		IsRoot bool
	}{*c.Metadata, c.IsRoot()}
	next := map[string]any{
		"Chart":        meta,
		"Files":        newFiles(c.Files),
		"Release":      vals["Release"],
		"Capabilities": vals["Capabilities"],
		"Values":       make(chartutil.Values),
		"Subcharts":    subCharts,
	}
	if c.IsRoot() {
		next["Values"] = vals["Values"]
	} else if vs, err := vals.Table("Values." + c.Name()); err == nil {
		next["Values"] = vs
	}
	for _, child := range c.Dependencies() {
		subCharts[child.Name()] = collect(child, templates, next)
	}
	library := strings.EqualFold(c.Metadata.Type, "library")
	for _, t := range c.Templates {
		if t == nil || (library && !strings.HasPrefix(path.Base(t.Name), "_")) {
			continue
		}
		templates[path.Join(c.ChartFullPath(), t.Name)] = renderable{
			tpl:      string(t.Data),
			vals:     next,
			basePath: path.Join(c.ChartFullPath(), "templates"),
		}
	}
	return next
}
