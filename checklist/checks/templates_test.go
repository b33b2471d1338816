package checks_test

import (
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

// A chart whose alert rule is rendered only when enabled, with a template that is not YAML.
var alertChart = map[string]string{
	"charts/api/Chart.yaml":             "apiVersion: v2\nname: api\nversion: 1.0.0\n",
	"charts/api/values.yaml":            "alerts: {enabled: false, runbook: \"\"}\n",
	"charts/api/templates/_helpers.tpl": `{{- define "api.name" -}}{{ .Chart.Name }}{{- end -}}`,
	"charts/api/templates/rule.yaml": `{{- if .Values.alerts.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  {{ include "api.name" . | printf "name: %s" }}
spec:
  groups:
    - name: api
      rules:
        - alert: ApiDown
          expr: up == 0
          {{- with .Values.alerts.runbook }}
          annotations:
            runbook_url: {{ . }}
          {{- end }}
{{- end }}
`,
}

func withFiles(base map[string]string, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func TestChartTemplatesAreSeenRendered(t *testing.T) {
	t.Parallel()
	runbookCEL := `cel:
  select: {files: ["**/*.yaml"], matching: 'alert:'}
  where: has(object.spec) && has(object.spec.groups)
  expr: >-
    object.spec.groups.map(g, g.rules.filter(r, !(has(r.annotations) && has(r.annotations.runbook_url))))
    .flatten().map(r, 'alert "' + string(r.alert) + '" has no runbook_url annotation')`
	alertContent := `content: {files: ["**/*.yaml"], matches: 'kind:\s*PrometheusRule', message: alert rule}`
	enabled := map[string]string{"charts/api/values-production.yaml": "alerts: {enabled: true}\n"}
	withRunbook := map[string]string{"charts/api/values-production.yaml": "alerts: {enabled: true, runbook: https://runbooks.example.com/api}\n"}
	runCases(t, map[string]checkCase{
		"a CEL check does not parse a template that is not YAML": {runbookCEL, alertChart, verdict.NA, ""},
		"a CEL check judges the rendered rule":                   {runbookCEL, withFiles(alertChart, enabled), verdict.Fail, `charts/api/templates/rule.yaml:2 alert "ApiDown" has no runbook_url`},
		"a CEL check passes the rendered rule":                   {runbookCEL, withFiles(alertChart, withRunbook), verdict.Pass, "charts/api/templates/rule.yaml:2"},
		"a content check does not read a template's raw text":    {alertContent, alertChart, verdict.Fail, "no file matching"},
		"a content check reads the rendered template":            {alertContent, withFiles(alertChart, enabled), verdict.Pass, "charts/api/templates/rule.yaml:2 alert rule"},
		"a content check still reads other files":                {alertContent, withFiles(alertChart, map[string]string{"ops/rule.yaml": "kind: PrometheusRule\n"}), verdict.Pass, "ops/rule.yaml:1"},
	})
}

func TestCELJudgesEachDocumentOnce(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"deploy/base/kustomization.yaml": "resources: [rule.yaml]\n",
		"deploy/base/rule.yaml":          "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec: {groups: [{name: g, rules: [{alert: Down, expr: up == 0}]}]}\n",
		"deploy/prod/kustomization.yaml": "resources: [../base]\nnamespace: prod\n",
	}
	got := evaluate(t, `cel:
  select: {kinds: [PrometheusRule], files: ["**/*.yaml"]}
  where: has(object.spec)
  expr: "false"
  message: judged`, files)
	if len(got.Evidence) != 1 || got.Evidence[0].String() != "deploy/base/rule.yaml:1 judged" {
		t.Errorf("evidence %v, want the built rule judged once", got.Evidence)
	}
}
