package reconcile

import (
	"testing"

	"github.com/prchq/prc/checklist"
)

func TestEvidenceLinks(t *testing.T) {
	t.Parallel()
	const base = "https://ghe.example/acme/payments/blob/main/"
	rep := &checklist.Report{Services: []checklist.ServiceReport{{Name: "payments", ManifestsRepo: "acme/gitops"}}}
	plain := &checklist.Report{Services: []checklist.ServiceReport{{Name: "payments"}}}
	tests := map[string]struct {
		base string
		rep  *checklist.Report
		path string
		want string
	}{
		"own file":               {base, rep, "deploy/x.yaml", base + "deploy/x.yaml#L3"},
		"the other repository's": {base, rep, "acme/gitops/apps/p/deployment.yaml", "https://ghe.example/acme/gitops/blob/HEAD/apps/p/deployment.yaml#L3"},
		"a look-alike folder":    {base, rep, "acme/gitopsy/x.yaml", base + "acme/gitopsy/x.yaml#L3"},
		"without the repository": {base, plain, "acme/gitops/x.yaml", base + "acme/gitops/x.yaml#L3"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := evidenceLinks(tc.base, tc.rep)(tc.path, 3); got != tc.want {
				t.Errorf("link = %s, want %s", got, tc.want)
			}
		})
	}
	if evidenceLinks("", rep) != nil {
		t.Error("no base, yet links")
	}
	if got := hostOf("https://github.com/acme/api/blob/main/"); got != "https://github.com/" {
		t.Errorf("hostOf = %q", got)
	}
}
