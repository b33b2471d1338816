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

func TestCompileDependencyErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ src, want string }{
		"missing any":   {"dependency: {}", "checklist.yaml:1:13: any needs at least one dependency pattern"},
		"empty any":     {"dependency:\n  any: []\n", "checklist.yaml:2:8: any needs at least one dependency pattern"},
		"star inside":   {"dependency:\n  any:\n    - sentry-sdk\n    - 'open*telemetry'\n", "checklist.yaml:4:7: bad dependency pattern \"open*telemetry\""},
		"only a star":   {"dependency: {any: ['*']}", "checklist.yaml:1:20: bad dependency pattern \"*\""},
		"unknown field": {"dependency:\n  any: [x]\n  all: [y]\n", "checklist.yaml:3:3: unknown field \"all\""},
		"wrong type":    {"dependency:\n  any: sentry\n", "checklist.yaml:2:"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := compileCheckYAML(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDependencyCheck(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "dependency:\n  any: ['go.opentelemetry.io/otel*', '@opentelemetry/*', 'opentelemetry-*']\n")
	named := mustCompileCheck(t, "dependency:\n  message: a tracing SDK\n  any: ['ddtrace']\n")
	tests := map[string]struct {
		check    checks.Check
		files    map[string]string
		status   verdict.Status
		evidence string
	}{
		"go prefix": {check, map[string]string{"go.mod": "module m\nrequire (\n\tgo.opentelemetry.io/otel/trace v1.0.0\n)\n"},
			verdict.Pass, "go.mod:3 depends on go.opentelemetry.io/otel/trace"},
		"python normalised": {check, map[string]string{"svc/requirements.txt": "OpenTelemetry_SDK==1.0\n"},
			verdict.Pass, "svc/requirements.txt:1 depends on OpenTelemetry_SDK"},
		"first match in path order": {check, map[string]string{"b/package.json": `{"dependencies": {"@opentelemetry/api": "1"}}`, "a/go.mod": "module m\nrequire go.opentelemetry.io/otel v1\n"},
			verdict.Pass, "a/go.mod:2"},
		"no match": {check, map[string]string{"go.mod": "module m\nrequire github.com/x/y v1\n"},
			verdict.Fail, "no dependency matches go.opentelemetry.io/otel*, @opentelemetry/*, opentelemetry-* (read 1 manifests)"},
		"no manifest": {named, map[string]string{"main.sh": "echo\n"},
			verdict.Fail, "no dependency matches a tracing SDK (no dependency manifests found)"},
		"unreadable manifest": {named, map[string]string{"package.json": "{", "go.mod": "module m\n"},
			verdict.Error, "package.json"},
		"match despite unreadable": {named, map[string]string{"package.json": "{", "Pipfile": "[packages]\nddtrace = \"*\"\n"},
			verdict.Pass, "Pipfile:2 depends on ddtrace"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := evaluateOnFiles(tc.check, tc.files)
			if out.Status != tc.status || !strings.Contains(evidenceText(out), tc.evidence) {
				t.Errorf("got %s %q, want %s with %q", out.Status, evidenceText(out), tc.status, tc.evidence)
			}
		})
	}
}

func TestDependenciesAreMemoized(t *testing.T) {
	t.Parallel()
	env := checks.NewEnv(context.Background(), repo.NewMemory(map[string]string{"Gemfile": "gem 'x'\n"}), nil)
	if a, b := env.Dependencies(), env.Dependencies(); a != b || len(a.Dependencies) != 1 {
		t.Errorf("Dependencies() not shared: %p %p", a, b)
	}
}

func TestDefaultDependencyItems(t *testing.T) {
	t.Parallel()
	runItemFixtures(t, filepath.Join("testdata", "dependency", "default-items.yaml"))
}
