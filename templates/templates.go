package templates

import (
	"embed"
	"fmt"
	"text/template"
)

// FS holds every template file, by base name.
//
//go:embed *.tmpl
var FS embed.FS

// IssueBody is the template of the PRC issue body, one per service.
const IssueBody = "issue.md.tmpl"

// CheckRunSummary is the template of the pull-request readiness check run's summary.
const CheckRunSummary = "check_run.md.tmpl"

// Load parses the named template with funcs available to it. A missing map key is an execution
// error rather than an empty string, so that a template and its data cannot drift apart silently.
func Load(name string, funcs template.FuncMap) (*template.Template, error) {
	src, err := FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return Parse(name, string(src), funcs)
}

// Parse parses template text that is not embedded, such as a replacement supplied by an
// operator, the same way Load does.
func Parse(name, text string, funcs template.FuncMap) (*template.Template, error) {
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", name, err)
	}
	return t, nil
}
