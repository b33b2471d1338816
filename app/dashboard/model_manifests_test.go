package dashboard

import (
	"encoding/json"
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

// TestEvidenceLinkToManifestsRepo: evidence from manifests kept in another repository links to
// that repository, the service's own files to its own.
func TestEvidenceLinkToManifestsRepo(t *testing.T) {
	o := overview(t, "acme", "payments", "critical", false, item("resilience.readiness", verdict.Fail, true))
	var sv saved
	if err := json.Unmarshal(o.Evaluation, &sv); err != nil {
		t.Fatal(err)
	}
	sv.Report.Services[0].ManifestsRepo = "acme/gitops"
	s := newService(o, sv, "https://github.example/")
	for path, want := range map[string]string{
		"acme/gitops/apps/p/deployment.yaml": "https://github.example/acme/gitops/blob/HEAD/apps/p/deployment.yaml#L4",
		"deploy/deployment.yaml":             "https://github.example/acme/payments/blob/main/deploy/deployment.yaml#L4",
		"acme/gitopsy/x.yaml":                "https://github.example/acme/payments/blob/main/acme/gitopsy/x.yaml#L4",
	} {
		if got := s.evidenceLink(path, 4); got != want {
			t.Errorf("link of %s = %s, want %s", path, got, want)
		}
	}
}
