package helmtpl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
	goyaml "sigs.k8s.io/yaml/goyaml.v3"
)

const (
	warnStart   = "HELM_ERR_START"
	warnEnd     = "HELM_ERR_END"
	maxIncludes = 1000
)

var warnRE = regexp.MustCompile(warnStart + `((?s).*)` + warnEnd)

// funcs builds the function map of a render: Sprig and Helm's functions, every one counted and
// bounded by the guard, with include and tpl bound to t.
func (r *renderer) funcs(t *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	for k, v := range helmFuncs() {
		f[k] = v
	}
	f["print"] = fmt.Sprint
	f["printf"] = fmt.Sprintf
	f["println"] = fmt.Sprintln
	r.g.wrapAll(f)
	f[tickFunc] = r.g.tickFunc
	f["include"] = r.g.wrap("include", r.include(t), nil)
	f["tpl"] = r.g.wrap("tpl", r.tpl(t), nil)
	return f
}

func helmFuncs() template.FuncMap {
	return template.FuncMap{
		"toToml":        toTOML,
		"fromToml":      fromTOML,
		"toYaml":        toYAML,
		"toYamlPretty":  toYAMLPretty,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"required":      required,
		"fail":          func(msg string) (string, error) { return "", errors.New(warnStart + msg + warnEnd) },
		"lookup": func(string, string, string, string) (map[string]any, error) {
			return map[string]any{}, nil
		},
		"getHostByName": func(string) string { return "" },
	}
}

func required(warn string, val any) (any, error) {
	if s, ok := val.(string); val == nil || (ok && s == "") {
		return val, errors.New(warnStart + warn + warnEnd)
	}
	return val, nil
}

func (r *renderer) include(t *template.Template) func(string, any) (string, error) {
	return func(name string, data any) (string, error) {
		if r.includes[name] > maxIncludes {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
		}
		r.includes[name]++
		defer func() { r.includes[name]-- }()
		w := r.g.writer()
		err := t.ExecuteTemplate(w, name, data)
		return w.String(), shorten(err)
	}
}

// tpl renders a string as a template that sees the definitions of its enclosing templates.
func (r *renderer) tpl(parent *template.Template) func(string, any) (string, error) {
	return func(text string, vals any) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{
			"include": r.g.wrap("include", r.include(t), nil),
			"tpl":     r.g.wrap("tpl", r.tpl(t), nil),
		})
		t, err = t.New(parent.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		r.g.instrument(t)
		w := r.g.writer()
		if err := t.Execute(w, vals); err != nil {
			return "", shorten(fmt.Errorf("error during tpl function execution for %q: %w", text, err))
		}
		return strings.ReplaceAll(w.String(), "<no value>", ""), nil
	}
}

func toYAML(v any) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func toYAMLPretty(v any) string {
	var data bytes.Buffer
	enc := goyaml.NewEncoder(&data)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(data.String(), "\n")
}

func fromYAML(str string) map[string]any {
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(str string) []any {
	a := []any{}
	if err := yaml.Unmarshal([]byte(str), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

func toTOML(v any) string {
	b := bytes.NewBuffer(nil)
	if err := toml.NewEncoder(b).Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

func fromTOML(str string) map[string]any {
	m := map[string]any{}
	if err := toml.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func toJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]any {
	m := map[string]any{}
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []any {
	a := []any{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}
