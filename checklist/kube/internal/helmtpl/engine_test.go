package helmtpl

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// sampleChart exercises the engine features charts rely on: helpers, include, tpl, required with
// a default, Files, subchart value scoping, Capabilities and Release.
var sampleChart = map[string]string{
	"Chart.yaml":  "apiVersion: v2\nname: api\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
	"values.yaml": "replicas: 3\nimage: {repository: nginx, tag: \"1.27\"}\nlabels: {team: web}\nnote: \"{{ .Release.Name }}-note\"\nsub: {port: 8080}\n",
	"templates/_helpers.tpl": `{{- define "api.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}
{{- define "api.labels" -}}
{{- range $k, $v := .Values.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}`,
	"templates/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels: {{- include "api.labels" . | nindent 4 }}
  annotations:
    note: {{ tpl .Values.note . | quote }}
    kube: {{ .Capabilities.KubeVersion.Version | quote }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- with .Values.missing }}
          missing: {{ . }}
          {{- end }}
`,
	"templates/configmap.yaml": `apiVersion: v1
kind: ConfigMap
metadata: {name: files}
data:
{{ (.Files.Glob "conf/*").AsConfig | indent 2 }}
`,
	"templates/NOTES.txt":               "Installed {{ .Release.Name }}",
	"conf/app.properties":               "a=1\n",
	"charts/sub/Chart.yaml":             "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
	"charts/sub/values.yaml":            "port: 80\n",
	"charts/sub/templates/service.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: sub}\nspec: {ports: [{port: {{ .Values.port }}}]}\n",
}

func loadChart(t *testing.T, files map[string]string) (*chart.Chart, chartutil.Values) {
	t.Helper()
	var bf []*loader.BufferedFile
	for name, data := range files {
		bf = append(bf, &loader.BufferedFile{Name: name, Data: []byte(data)})
	}
	ch, err := loader.LoadFiles(bf)
	if err != nil {
		t.Fatalf("load chart: %v", err)
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, map[string]any{}); err != nil {
		t.Fatalf("dependencies: %v", err)
	}
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(ch, map[string]any{}, chartutil.ReleaseOptions{Name: "prc", Namespace: "default", IsInstall: true, Revision: 1}, chartutil.DefaultCapabilities.Copy(), true)
	if err != nil {
		t.Fatalf("values: %v", err)
	}
	return ch, vals
}

func TestRenderMatchesHelm(t *testing.T) {
	t.Parallel()
	ch, vals := loadChart(t, sampleChart)
	want, err := engine.Render(ch, vals)
	if err != nil {
		t.Fatalf("helm engine: %v", err)
	}
	ch, vals = loadChart(t, sampleChart)
	got, err := Render(context.Background(), ch, vals, Limits{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	for name, text := range want {
		if strings.HasPrefix(name[strings.LastIndex(name, "/")+1:], "_") {
			continue
		}
		if got[name] != text {
			t.Errorf("%s differs from Helm's engine:\n got: %q\nwant: %q", name, got[name], text)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rendered %d templates, Helm rendered %d", len(got), len(want))
	}
	if !strings.Contains(got["api/templates/deployment.yaml"], "name: prc-api") || !strings.Contains(got["api/charts/sub/templates/service.yaml"], "port: 8080") {
		t.Errorf("unexpected render:\n%s\n%s", got["api/templates/deployment.yaml"], got["api/charts/sub/templates/service.yaml"])
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		template string
		values   string
		wantTpl  string
		wantLine int
		wantMsg  string
	}{
		"parse error": {
			template: "a: 1\nb: {{ .Values.x \n",
			wantTpl:  "c/templates/x.yaml", wantLine: 3, wantMsg: "unclosed action",
		},
		"unknown function": {
			template: "a: {{ nope 1 }}\n",
			wantTpl:  "c/templates/x.yaml", wantLine: 1, wantMsg: `function "nope" not defined`,
		},
		"required value": {
			template: "a: 1\nb: {{ required \"image.tag is required\" .Values.tag }}\n",
			wantTpl:  "c/templates/x.yaml", wantLine: 2, wantMsg: "image.tag is required",
		},
		"fail": {
			template: "{{ fail \"unsupported\" }}",
			wantTpl:  "c/templates/x.yaml", wantLine: 1, wantMsg: "unsupported",
		},
		"error in helper": {
			template: "{{ include \"bad\" . }}\n{{ define \"bad\" }}\n{{ index .Values.list 5 }}{{ end }}",
			values:   "list: [1]\n",
			wantTpl:  "c/templates/x.yaml", wantLine: 3, wantMsg: "index out of range",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ch, vals := loadChart(t, map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "values.yaml": tc.values, "templates/x.yaml": tc.template})
			_, err := Render(context.Background(), ch, vals, Limits{})
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("want *Error, got %v", err)
			}
			if te.Template != tc.wantTpl || te.Line != tc.wantLine || !strings.Contains(te.Msg, tc.wantMsg) {
				t.Errorf("got %s:%d %q, want %s:%d containing %q", te.Template, te.Line, te.Msg, tc.wantTpl, tc.wantLine, tc.wantMsg)
			}
		})
	}
}

func TestRenderBoundsHostileTemplates(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty loop":            "{{ range $i := until 1000000 }}{{ range $j := until 1000000 }}{{ end }}{{ end }}",
		"integer range":         "{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}",
		"output loop":           "{{ range until 1000000 }}{{ range until 1000000 }}0123456789abcdef{{ end }}{{ end }}",
		"template recursion":    "{{ define \"a\" }}{{ template \"a\" . }}{{ template \"a\" . }}{{ end }}{{ template \"a\" . }}",
		"include recursion":     "{{ define \"a\" }}{{ include \"a\" . }}{{ include \"a\" . }}{{ end }}{{ include \"a\" . }}",
		"huge repeat":           "{{ repeat 100000000000 \"x\" }}",
		"huge indent":           "{{ indent 100000000000 \"x\" }}",
		"huge until":            "{{ len (until 1000000000000) }}",
		"doubling string":       "{{ $s := \"ab\" }}{{ range until 64 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}",
		"doubling list":         "{{ $l := list 1 }}{{ range until 64 }}{{ $l = concat $l $l }}{{ end }}{{ len $l }}",
		"shared string list":    "{{ $s := repeat 4000000 \"x\" }}{{ $l := list }}{{ range until 100 }}{{ $l = append $l $s }}{{ end }}{{ toJson $l | len }}",
		"cyclic map":            "{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ $d }}",
		"cyclic merge":          "{{ $d := dict }}{{ $_ := merge $d (dict \"x\" $d) }}{{ toYaml $d }}",
		"empty replace":         "{{ $s := repeat 100000 \"x\" }}{{ replace \"\" $s $s | len }}",
		"tpl loop from values":  "{{ tpl .Values.evil . }}",
		"regex replace growth":  "{{ $s := repeat 100000 \"x\" }}{{ regexReplaceAll \"\" $s $s | len }}",
		"recursive tpl in tpl":  "{{ define \"t\" }}{{ tpl \"{{ include \\\"t\\\" . }}{{ include \\\"t\\\" . }}\" . }}{{ end }}{{ include \"t\" . }}",
		"random string too big": "{{ randAlphaNum 1000000000 }}",
	}
	for name, tpl := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ch, vals := loadChart(t, map[string]string{
				"Chart.yaml":       "apiVersion: v2\nname: c\nversion: 1.0.0\n",
				"values.yaml":      "evil: \"{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}\"\n",
				"templates/x.yaml": tpl,
			})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			_, err := Render(ctx, ch, vals, Limits{MaxSteps: 200_000})
			if err == nil {
				t.Fatal("hostile template rendered without error")
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			t.Log(err)
		})
	}
}

func TestRenderStopsAtDeadline(t *testing.T) {
	t.Parallel()
	ch, vals := loadChart(t, map[string]string{
		"Chart.yaml":       "apiVersion: v2\nname: c\nversion: 1.0.0\n",
		"templates/x.yaml": "{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}",
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Render(ctx, ch, vals, Limits{MaxSteps: 1 << 60})
	if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), "too long") {
		t.Fatalf("want a deadline budget error, got %v", err)
	}
}

// TestRenderMatchesHelmOnScaffold renders the chart `helm create` generates, which uses most of
// what real charts use, with this package and with Helm's engine.
func TestRenderMatchesHelmOnScaffold(t *testing.T) {
	t.Parallel()
	dir, err := chartutil.Create("scaffold", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	load := func() (*chart.Chart, chartutil.Values) {
		ch, err := loader.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := chartutil.ToRenderValues(ch, map[string]any{}, chartutil.ReleaseOptions{Name: "prc", Namespace: "default"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ch, vals
	}
	ch, vals := load()
	want, err := engine.Render(ch, vals)
	if err != nil {
		t.Fatal(err)
	}
	ch, vals = load()
	got, err := Render(context.Background(), ch, vals, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 5 {
		t.Fatalf("rendered only %d templates", len(got))
	}
	for name, text := range got {
		if text != want[name] {
			t.Errorf("%s differs from Helm's engine:\n got: %q\nwant: %q", name, text, want[name])
		}
	}
}
