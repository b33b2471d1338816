package checks_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// runbookCheck is shaped like the built-in monitoring.runbook-links: CEL over PrometheusRule
// objects and over rule files selected by glob.
const runbookCheck = `cel:
  select: {kinds: [PrometheusRule], files: ["**/*.yaml"], matching: 'alert:'}
  where: 'has(object.spec) && has(object.spec.groups)'
  expr: 'object.spec.groups.all(g, g.rules.all(r, has(r.annotations)))'`

// TestProblemsStayWithTheirChecks checks that an input that cannot be read counts against a
// check only when the check needed it: when it might hold an object of a kind the check selects.
func TestProblemsStayWithTheirChecks(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		dir, check string
		want       verdict.Status
		evidence   string
	}{
		"duplicate key in a Deployment: alerts unaffected": {"dup-deployment", runbookCheck, verdict.NA, ""},
		"duplicate key in a Deployment: workload rule":     {"dup-deployment", "kubernetes: {rule: requests}", verdict.Error, "deploy/api.yaml:1 cannot decode YAML"},
		"broken alert rules: alert check":                  {"broken-alerts", runbookCheck, verdict.Error, "monitoring/rules.yaml:10"},
		"broken alert rules: workload rule unaffected":     {"broken-alerts", "kubernetes: {rule: requests}", verdict.Pass, "Deployment/api: every container requests"},
		"kind cannot be told: counts everywhere":           {"templated-kind", runbookCheck, verdict.Error, "objects.yaml:1"},
		"broken chart of Deployments: alerts unaffected":   {"broken-chart", runbookCheck, verdict.NA, ""},
		"broken chart of Deployments: workload rule":       {"broken-chart", "kubernetes: {rule: readiness}", verdict.Error, "chart/Chart.yaml"},
		"one broken template loses the whole chart":        {"broken-template", `cel: {select: {kinds: [PrometheusRule]}, expr: 'true'}`, verdict.Error, "chart/templates/deployment.yaml"},
		"selected by kind":                                 {"dup-deployment", `cel: {select: {kinds: [Deployment]}, expr: 'true'}`, verdict.Error, "deploy/api.yaml:1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			snap, err := repo.OpenDir(filepath.Join("testdata", "problems", tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			out := compileCheck(t, tc.check).Evaluate(checks.NewEnv(context.Background(), snap, nil))
			var ev []string
			for _, e := range out.Evidence {
				ev = append(ev, e.String())
			}
			if out.Status != tc.want || !strings.Contains(strings.Join(ev, "\n"), tc.evidence) {
				t.Errorf("status %s, evidence %q; want %s with %q", out.Status, ev, tc.want, tc.evidence)
			}
		})
	}
}
