package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkJSON runs prc check with --format json and returns each item's status and first
// evidence path, by id.
func checkJSON(t *testing.T, args ...string) (int, map[string][2]string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"check", "--format", "json"}, args...)...)
	var rep struct {
		Services []struct {
			Items []struct {
				ID, Status, Origin string
				Evidence           []struct{ Path string }
			}
		}
	}
	items := map[string][2]string{}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		return code, items, stderr
	}
	for _, it := range rep.Services[0].Items {
		first := ""
		if len(it.Evidence) > 0 {
			first = it.Evidence[0].Path
		}
		items[it.ID] = [2]string{it.Status, first}
	}
	return code, items, stderr
}

func TestCheckManifestsDir(t *testing.T) {
	t.Parallel()
	const dir = "testdata/gitops/apps/payments/prod"
	tests := map[string]struct {
		args []string
		want map[string][2]string
	}{
		"manifests kept elsewhere are evaluated": {
			[]string{"testdata/repos/gitops-app", "--manifests-dir", dir},
			map[string][2]string{
				"resilience.readiness": {"pass", dir + "/deployment.yaml"},
				"resilience.liveness":  {"fail", dir + "/deployment.yaml"},
				"capacity.redundancy":  {"pass", dir + "/deployment.yaml"},
				"docs.readme":          {"fail", "README.md"},
			},
		},
		"one service of a monorepo": {
			[]string{"testdata/repos/mono", "--service", "api", "--manifests-dir", dir},
			map[string][2]string{"resilience.readiness": {"pass", dir + "/deployment.yaml"}, "resilience.liveness": {"fail", dir + "/deployment.yaml"}},
		},
		"without the flag the repository has no workloads": {
			[]string{"testdata/repos/gitops-app"},
			map[string][2]string{"resilience.readiness": {"na", ""}, "resilience.liveness": {"na", ""}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, items, stderr := checkJSON(t, tt.args...)
			for id, want := range tt.want {
				if got := items[id]; got != want {
					t.Errorf("%s = %v, want %v (stderr %q)", id, got, want, stderr)
				}
			}
		})
	}
}

func TestCheckManifestsDirErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args []string
		want string
	}{
		"missing directory": {[]string{"testdata/repos/gitops-app", "--manifests-dir", "testdata/gitops/nope"}, "manifests directory"},
		"several services":  {[]string{"testdata/repos/mono", "--manifests-dir", "testdata/gitops/apps/payments/prod"}, "name the service with --service"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCLI(t, append([]string{"check"}, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitUsage, tt.want)
			}
		})
	}
}

func TestOrgChecklistExtendingBuiltin(t *testing.T) {
	t.Parallel()
	const org = "testdata/checklists/org-extends.yaml"
	code, stdout, stderr := runCLI(t, "validate", org)
	if code != exitOK || !strings.Contains(stdout, org+": ok (checklist acme-prc version 2027.1, ") {
		t.Errorf("validate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	_, items, stderr := checkJSON(t, "--checklist", org, "testdata/repos/gitops-app")
	if _, ok := items["docs.architecture"]; ok {
		t.Error("the disabled docs.architecture is still evaluated")
	}
	if got := items["security.pentest"]; got[0] != "todo" {
		t.Errorf("security.pentest = %v, want the added manual item as todo (stderr %q)", got, stderr)
	}
	code, stdout, _ = runCLI(t, "check", "--checklist", org, "--format", "markdown", "testdata/repos/gitops-app")
	for _, want := range []string{"Checklist acme-prc extends `builtin:v2`. Disabled: `docs.architecture`", "`security.pentest` · _manual, tick with a link_ · _added by acme-prc_", "`monitoring.tracing` · _tiers set by acme-prc_"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("markdown lacks %q (exit %d)", want, code)
		}
	}
}

func TestCheckManifestsDirListsSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "huge.yaml"), bytes.Repeat([]byte("a"), 1<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := runCLI(t, "check", "--format", "json", "--manifests-dir", dir, "testdata/repos/gitops-app")
	var rep struct{ Skipped []struct{ Path string } }
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v (stderr %q)", err, stderr)
	}
	want := filepath.ToSlash(filepath.Join(dir, "huge.yaml"))
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != want {
		t.Errorf("skipped = %+v, want %s", rep.Skipped, want)
	}
}
