package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestEvidenceSummary(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		ev   []verdict.Evidence
		want string
	}{
		"objects with one finding in common": {[]verdict.Evidence{
			ev("k/a.yaml", 1, "Deployment/a: every container requests cpu and memory"),
			ev("k/b.yaml", 1, "Deployment/b: every container requests cpu and memory"),
			ev("k/c.yaml", 1, "StatefulSet/c: every container requests cpu and memory"),
		}, "2 Deployments and 1 StatefulSet: every container requests cpu and memory"},
		"objects counted once": {[]verdict.Evidence{
			ev("k/a.yaml", 9, `Deployment/a: container "x" has a readinessProbe`),
			ev("k/a.yaml", 14, `Deployment/a: container "y" has a readinessProbe`),
		}, `1 Deployment: container "…" has a readinessProbe`},
		"numbers differ": {[]verdict.Evidence{
			ev("k/a.yaml", 1, "Deployment/a: runs 3 replicas"), ev("k/b.yaml", 1, "Deployment/b: runs 2 replicas"),
		}, "2 Deployments: runs … replicas"},
		"objects differing in several files": {[]verdict.Evidence{
			ev("k/a.yaml", 1, "Deployment/a: runs 3 replicas"),
			ev("k/b.yaml", 1, "Deployment/b: HorizontalPodAutoscaler/b keeps at least 2 replicas"),
		}, "2 Deployments in 2 files pass"},
		"objects with a note": {[]verdict.Evidence{
			ev("base/a.yaml", 1, "Deployment/a (as built by overlays/prod): no literal secrets in env"),
			ev("base/b.yaml", 1, "Deployment/b (as built by overlays/prod): no literal secrets in env"),
		}, "2 Deployments: no literal secrets in env"},
		"plurals": {[]verdict.Evidence{
			ev("a", 1, "Ingress/a: ok"), ev("a", 2, "Ingress/b: ok"), ev("a", 3, "NetworkPolicy/c: ok"), ev("a", 4, "NetworkPolicy/d: ok"),
		}, "2 Ingresses and 2 NetworkPolicies: ok"},
		"files with one message": {[]verdict.Evidence{
			ev("alerts/a.yaml", 1, "satisfies the check"), ev("alerts/b.yaml", 1, "satisfies the check"),
		}, "2 files: satisfies the check"},
		"files with different messages": {[]verdict.Evidence{
			ev(".github/workflows/ci.yml", 11, "runs `go test`"), ev("Makefile", 3, "runs `pytest`"),
		}, "2 files pass"},
		"no files": {[]verdict.Evidence{ev("", 0, "a"), ev("", 0, "b")}, "2 findings pass"},
		"objects and others": {[]verdict.Evidence{
			ev("k/a.yaml", 1, "Deployment/a: ok"), ev("k/a.yaml", 5, "scanned"),
		}, "1 Deployment and 1 other finding pass"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := evidenceSummary(tt.ev); got != tt.want {
				t.Errorf("evidenceSummary = %q, want %q", got, tt.want)
			}
		})
	}
}

// summaryReport has a passing item with evidence on several workloads and an item failing in two
// services, so that its description must appear once.
func summaryReport() *checklist.Report {
	pass := checklist.Result{ID: "capacity.requests", Section: "capacity", Title: "Every container requests CPU and memory", Kind: checklist.KindAuto, Status: verdict.Pass, Required: true,
		Evidence: []verdict.Evidence{
			ev("deploy/api.yaml", 1, "Deployment/api: every container requests cpu and memory"),
			ev("deploy/web.yaml", 1, "Deployment/web: every container requests cpu and memory"),
		}}
	fail := checklist.Result{ID: "resilience.readiness", Section: "resilience", Title: "Serving containers have readiness probes", Kind: checklist.KindAuto, Status: verdict.Fail, Required: true,
		Description: "Traffic reaches pods that cannot serve it yet.", Hint: "Add a readinessProbe.",
		Evidence: []verdict.Evidence{ev("deploy/api.yaml", 9, `Deployment/api: container "api" has no readinessProbe`)}}
	svc := func(name string) checklist.ServiceReport {
		return checklist.ServiceReport{Name: name, Path: name, Tier: checklist.TierStandard, Items: []checklist.Result{pass, fail},
			Duplicates: []verdict.Evidence{ev("charts/api/templates/deployment.yaml", 3, "Deployment/api: also defined here")},
			Summary:    checklist.Summary{Required: 2, Satisfied: 1, Failing: []string{"resilience.readiness"}, Missing: []string{"resilience.readiness"}}}
	}
	return &checklist.Report{Checklist: checklist.Info{Name: "acme", Version: "1"}, Services: []checklist.ServiceReport{svc("api"), svc("web")}}
}

func TestTextSummarisesPassingItems(t *testing.T) {
	t.Parallel()
	for _, verbose := range []bool{false, true} {
		name := map[bool]string{false: "text-summary.golden", true: "text-verbose.golden"}[verbose]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := Text(&buf, summaryReport(), Options{Verbose: verbose}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			golden(t, name, buf.Bytes())
			if n := strings.Count(out, "why: Traffic reaches pods"); n != 1 {
				t.Errorf("the failing item's description appears %d times, want once", n)
			}
			summary := "2 Deployments: every container requests cpu and memory"
			if got := strings.Contains(out, summary); got == verbose {
				t.Errorf("summary line present: %v, want %v", got, !verbose)
			}
			if got := strings.Contains(out, "deploy/web.yaml:1 Deployment/web"); got != verbose {
				t.Errorf("each piece of passing evidence listed: %v, want %v", got, verbose)
			}
			if got := strings.Contains(out, "charts/api/templates/deployment.yaml:3"); got != verbose {
				t.Errorf("duplicate copies listed: %v, want %v", got, verbose)
			}
		})
	}
}
