package checks_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/kube/rules"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

func compileCheck(t *testing.T, check string) checks.Check {
	t.Helper()
	n, err := yamlx.Parse("c.yaml", []byte(check))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checks.Compile("c.yaml", n)
	if err != nil {
		t.Fatalf("compile %s: %v", check, err)
	}
	return c
}

func kubeEnv(t *testing.T, dir string, roots ...string) *checks.Env {
	t.Helper()
	snap, err := repo.OpenDir(filepath.Join("testdata", "kubernetes", dir))
	if err != nil {
		t.Fatal(err)
	}
	return checks.NewEnv(context.Background(), snap, roots)
}

func TestKubernetesCompile(t *testing.T) {
	t.Parallel()
	for _, name := range rules.Names() {
		compileCheck(t, "kubernetes: {rule: "+name+"}")
	}
	tests := map[string]string{
		"kubernetes: {rule: probes}":                  `c.yaml:1:20: unknown kubernetes rule "probes" (want one of autoscaling, disruption-budget`,
		"kubernetes: {}":                              `c.yaml:1:13: unknown kubernetes rule ""`,
		"kubernetes: {rule: requests, strict: true}":  `c.yaml:1:30: unknown field "strict"`,
		"kubernetes: requests":                        "c.yaml:1:13: ",
		"kubernetes: {rule: [requests, liveness]}":    "c.yaml:1:",
		"anyOf: [{kubernetes: {rule: zone-spreads}}]": `c.yaml:1:29: unknown kubernetes rule "zone-spreads"`,
	}
	for check, want := range tests {
		t.Run(check, func(t *testing.T) {
			t.Parallel()
			n, err := yamlx.Parse("c.yaml", []byte(check))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := checks.Compile("c.yaml", n); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Compile(%s) = %v, want prefix %q", check, err, want)
			}
		})
	}
}

func TestKubernetesOutcome(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		dir      string
		roots    []string
		rule     string
		want     verdict.Status
		evidence []string
	}{
		"pass":                   {dir: "pass", rule: "requests", want: verdict.Pass, evidence: []string{"deployment.yaml:1 Deployment/api: every container requests cpu and memory"}},
		"nothing to judge":       {dir: "na", rule: "requests", want: verdict.NA},
		"failure beats problems": {dir: "fail-despite-problem", rule: "requests", want: verdict.Fail, evidence: []string{`deployment.yaml:10 Deployment/api: container "api" requests no cpu or memory`, "broken.yaml:"}},
		"problems beat passes":   {dir: "error-problem-with-pass", rule: "requests", want: verdict.Error, evidence: []string{"broken.yaml:", "malformed YAML", "deployment.yaml:1 Deployment/api: every container"}},
		"problems beat na":       {dir: "error-broken-chart", rule: "zone-spread", want: verdict.Error, evidence: []string{"chart/templates/x.yaml:1 chart chart: template error: missing value for if"}},
		"roots limit the search": {dir: "roots", roots: []string{"prod"}, rule: "requests", want: verdict.Pass},
		"whole repository":       {dir: "roots", rule: "requests", want: verdict.Fail, evidence: []string{"dev/deployment.yaml:10 Deployment/dev-api"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := compileCheck(t, "kubernetes: {rule: "+tc.rule+"}").Evaluate(kubeEnv(t, tc.dir, tc.roots...))
			var ev []string
			for _, e := range out.Evidence {
				ev = append(ev, e.String())
			}
			if out.Status != tc.want {
				t.Fatalf("status %s, want %s; evidence %q", out.Status, tc.want, ev)
			}
			joined := strings.Join(ev, "\n")
			for _, want := range tc.evidence {
				if !strings.Contains(joined, want) {
					t.Errorf("evidence %q lacks %q", ev, want)
				}
			}
		})
	}
}

// TestKubernetesSharesOneLoad evaluates every rule concurrently on one Env: the manifests are
// loaded once, and evidence handed to one caller (which may rewrite paths) is not shared with others.
func TestKubernetesSharesOneLoad(t *testing.T) {
	t.Parallel()
	env := kubeEnv(t, "error-problem-with-pass")
	var wg sync.WaitGroup
	outs := make([]verdict.Outcome, len(rules.Names()))
	for i, name := range rules.Names() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = compileCheck(t, "kubernetes: {rule: "+name+"}").Evaluate(env)
			for j := range outs[i].Evidence {
				outs[i].Evidence[j].Path = "svc/" + outs[i].Evidence[j].Path
			}
		}()
	}
	wg.Wait()
	if first, again := env.Kube(), env.Kube(); first != again {
		t.Error("Kube() is not memoised")
	}
	for i, out := range outs {
		for _, e := range out.Evidence {
			if strings.HasPrefix(e.Path, "svc/svc/") {
				t.Errorf("rule %s: evidence shared between outcomes: %s", rules.Names()[i], e)
			}
		}
	}
	if p := env.Kube().Problems; len(p) != 1 || p[0].Path != "broken.yaml" {
		t.Errorf("the loaded problems were modified: %v", p)
	}
}
