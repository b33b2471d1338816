package kube

import (
	"context"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func TestChartLinesAcrossTemplateShapes(t *testing.T) {
	t.Parallel()
	chart := func(tmpl string) map[string]string {
		return map[string]string{
			"c/Chart.yaml":       "apiVersion: v2\nname: c\nversion: 1.0.0\n",
			"c/values.yaml":      "jobs: [a, b]\nextra: false\n",
			"c/templates/x.yaml": tmpl,
		}
	}
	tests := map[string]struct {
		tmpl     string
		name     string
		keys     []any
		wantLine int
	}{
		"a loop maps every object to the one document": {
			tmpl: "{{- range .Values.jobs }}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ . }}\nspec:\n  backoffLimit: 1\n{{- end }}\n",
			name: "b", keys: []any{"spec", "backoffLimit"}, wantLine: 8,
		},
		"a disabled document is matched by kind": {
			tmpl: "{{- if .Values.extra }}\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n{{- end }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v\n",
			name: "cm", keys: []any{"data", "k"}, wantLine: 12,
		},
		"two documents of one kind, one disabled, are not guessed": {
			tmpl: "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n{{- end }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v\n",
			name: "cm", keys: []any{"data", "k"}, wantLine: 0,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), repo.NewMemory(chart(tc.tmpl)), nil)
			for _, o := range set.Objects {
				if o.Name == tc.name {
					if got := o.Locate(tc.keys...); got != tc.wantLine {
						t.Errorf("Locate(%v) = %d, want %d", tc.keys, got, tc.wantLine)
					}
					return
				}
			}
			t.Fatalf("no object %s in %v", tc.name, summaries(set))
		})
	}
}
