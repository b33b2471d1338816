package checklist_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// deploymentYAML is a Deployment of name, with a readiness probe when probed.
func deploymentYAML(name string, probed bool) string {
	probe := ""
	if probed {
		probe = "\n          readinessProbe:\n            httpGet: {path: /ready, port: 8080}"
	}
	return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n    matchLabels: {app: " + name + "}\n" +
		"  template:\n    metadata:\n      labels: {app: " + name + "}\n    spec:\n      containers:\n        - name: " + name + "\n          image: ghcr.io/acme/" + name + ":1.2.3\n          ports: [{containerPort: 8080}]" + probe + "\n"
}

// gitops is a GitOps repository: a base Deployment with a probe and a production overlay of it,
// and a second app whose Deployment has none.
func gitops() repo.Snapshot {
	return repo.NewMemory(map[string]string{
		"apps/payments/base/deployment.yaml":    deploymentYAML("payments", true),
		"apps/payments/base/kustomization.yaml": "resources: [deployment.yaml]\n",
		"apps/payments/prod/kustomization.yaml": "resources: [../base]\n",
		"apps/ledger/deployment.yaml":           deploymentYAML("ledger", false),
	})
}

func evaluateWith(t *testing.T, prcYML string, files map[string]string, external map[string]checklist.ExternalRepo) []checklist.ServiceReport {
	t.Helper()
	cfg, err := repoconfig.Parse(repoconfig.Path, []byte(prcYML))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checklist.Evaluate(context.Background(), checklist.Default(), repo.NewMemory(files),
		checklist.Options{Config: cfg, DefaultName: "payments", External: external})
	if err != nil {
		t.Fatal(err)
	}
	return rep.Services
}

func result(t *testing.T, sr checklist.ServiceReport, id string) checklist.Result {
	t.Helper()
	for _, r := range sr.Items {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no item %s in %s", id, sr.Name)
	return checklist.Result{}
}

func TestEvaluateExternalManifests(t *testing.T) {
	// The service's own repository holds a Deployment without a probe, which must not be read.
	own := map[string]string{"deploy/deployment.yaml": deploymentYAML("payments", false), "README.md": "# payments\n"}
	tests := map[string]struct {
		prcYML    string
		external  map[string]checklist.ExternalRepo
		status    verdict.Status
		evidence  string // a substring of the readiness item's evidence
		noteMatch string
	}{
		"read through a kustomization reaching a base": {
			prcYML:   "manifests: {repo: acme/gitops, path: apps/payments/prod}\n",
			external: map[string]checklist.ExternalRepo{"acme/gitops": {Snapshot: gitops()}},
			status:   verdict.Pass, evidence: "acme/gitops/apps/payments/base/deployment.yaml",
		},
		"a failing app of the same repository": {
			prcYML:   "manifests: {repo: Acme/GitOps, path: apps/ledger}\n",
			external: map[string]checklist.ExternalRepo{"acme/gitops": {Snapshot: gitops()}},
			status:   verdict.Fail, evidence: "Acme/GitOps/apps/ledger/deployment.yaml:13 Deployment/ledger",
		},
		"repository not handed over": {
			prcYML: "manifests: {repo: acme/gitops, path: apps/payments/prod}\n",
			status: verdict.Error, evidence: "acme/gitops was not available", noteMatch: "could not run",
		},
		"repository unreadable": {
			prcYML:   "manifests: {repo: acme/gitops, path: apps/payments/prod}\n",
			external: map[string]checklist.ExternalRepo{"acme/gitops": {Problem: "acme/gitops is not a repository of this installation"}},
			status:   verdict.Error, evidence: "could not be read: acme/gitops is not a repository of this installation", noteMatch: "not a repository of this installation",
		},
		"folder missing": {
			prcYML:   "manifests: {repo: acme/gitops, path: apps/payments/staging}\n",
			external: map[string]checklist.ExternalRepo{"acme/gitops": {Snapshot: gitops()}},
			status:   verdict.Error, evidence: "acme/gitops has no files under apps/payments/staging", noteMatch: "apps/payments/staging",
		},
		"own paths still work": {
			prcYML: "manifests: [deploy]\n",
			status: verdict.Fail, evidence: "deploy/deployment.yaml",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sr := evaluateWith(t, tc.prcYML, own, tc.external)[0]
			r := result(t, sr, "resilience.readiness")
			if r.Status != tc.status {
				t.Fatalf("readiness = %s, want %s; evidence %v", r.Status, tc.status, r.Evidence)
			}
			if !anyEvidence(r.Evidence, tc.evidence) {
				t.Errorf("readiness evidence %v, want one naming %q", r.Evidence, tc.evidence)
			}
			notes := strings.Join(sr.Notes, "\n")
			if (tc.noteMatch == "") != (notes == "") || !strings.Contains(notes, tc.noteMatch) {
				t.Errorf("notes %q, want one containing %q", notes, tc.noteMatch)
			}
		})
	}
}

func anyEvidence(ev []verdict.Evidence, want string) bool {
	for _, e := range ev {
		if strings.Contains(e.String(), want) {
			return true
		}
	}
	return false
}

// TestEvaluateExternalManifestsMonorepo: each service reads its own manifests, evidence from
// the other repository is named by it and never prefixed with the service's path.
func TestEvaluateExternalManifestsMonorepo(t *testing.T) {
	t.Parallel()
	prcYML := "services:\n" +
		"  - {name: payments, path: services/payments, manifests: {repo: acme/gitops, path: apps/payments/prod}}\n" +
		"  - {name: web, path: services/web}\n"
	files := map[string]string{"services/web/k8s/deployment.yaml": deploymentYAML("web", false), "services/payments/main.go": "package main\n"}
	got := evaluateWith(t, prcYML, files, map[string]checklist.ExternalRepo{"acme/gitops": {Snapshot: gitops()}})
	payments, web := result(t, got[0], "resilience.readiness"), result(t, got[1], "resilience.readiness")
	if payments.Status != verdict.Pass || !strings.HasPrefix(payments.Evidence[0].Path, "acme/gitops/apps/payments/base/") {
		t.Errorf("payments readiness = %s %v, want a pass from acme/gitops", payments.Status, payments.Evidence)
	}
	if got[0].ManifestsRepo != "acme/gitops" || got[1].ManifestsRepo != "" {
		t.Errorf("manifests repositories = %q, %q; want acme/gitops for payments only", got[0].ManifestsRepo, got[1].ManifestsRepo)
	}
	if web.Status != verdict.Fail || web.Evidence[0].Path != "services/web/k8s/deployment.yaml" {
		t.Errorf("web readiness = %s %v, want a failure from its own folder", web.Status, web.Evidence)
	}
}
