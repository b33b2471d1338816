package kube

import (
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func TestChartTemplate(t *testing.T) {
	t.Parallel()
	files := repo.NewMemory(map[string]string{
		"Chart.yaml": "", "templates/a.yaml": "",
		"charts/api/Chart.yaml": "", "charts/api/templates/d.yaml": "", "charts/api/templates/sub/e.yaml": "",
		"charts/api/crds/c.yaml": "", "docs/templates/x.yaml": "", "mytemplates/x.yaml": "",
	}).Files()
	tests := map[string]bool{
		"templates/a.yaml":                true,
		"charts/api/templates/d.yaml":     true,
		"charts/api/templates/sub/e.yaml": true,
		"charts/api/crds/c.yaml":          false,
		"charts/api/values.yaml":          false,
		"docs/templates/x.yaml":           false,
		"mytemplates/x.yaml":              false,
	}
	for p, want := range tests {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			if got := ChartTemplate(files, p); got != want {
				t.Errorf("ChartTemplate(%q) = %v, want %v", p, got, want)
			}
		})
	}
}
