package main

import (
	"strings"
	"testing"
)

// TestCheckManifestsInAnotherRepository: a prc.yml naming {repo, path} is evaluated offline from
// --manifests-dir, given as a checkout of that repository or as the folder itself.
func TestCheckManifestsInAnotherRepository(t *testing.T) {
	t.Parallel()
	const deployment = "testdata/gitops/apps/payments/prod/deployment.yaml"
	for name, dir := range map[string]string{"the repository's checkout": "testdata/gitops", "the folder": "testdata/gitops/apps/payments/prod"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, items, stderr := checkJSON(t, "testdata/repos/gitops-ref", "--manifests-dir", dir)
			for id, want := range map[string][2]string{
				"resilience.readiness": {"pass", deployment},
				"resilience.liveness":  {"fail", deployment},
			} {
				if got := items[id]; got != want {
					t.Errorf("%s = %v, want %v (stderr %q)", id, got, want, stderr)
				}
			}
		})
	}
}

func TestCheckManifestsInAnotherRepositoryNeedsTheDir(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "check", "testdata/repos/gitops-ref")
	want := `prc check: service "payments" keeps its Kubernetes manifests in acme/gitops (folder apps/payments/prod), which prc check cannot fetch: check that repository out and pass it, or the folder, with --manifests-dir`
	if code != exitUsage || !strings.HasPrefix(stderr, want) || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, exitUsage, want)
	}
}
