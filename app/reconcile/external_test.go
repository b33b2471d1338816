package reconcile

import (
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/render"
)

// kubeChecklist is an organisation checklist with one Kubernetes item.
const kubeChecklist = `apiVersion: prc/v1
name: acme
version: "1"
sections:
  - id: resilience
    title: Resilience
    items:
      - id: resilience.readiness
        title: Serving containers have readiness probes
        kind: auto
        check: {kubernetes: {rule: readiness}}
`

// gitopsDeployment is the Deployment of payments, with a readiness probe when probed.
func gitopsDeployment(probed bool) string {
	d := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payments}\nspec:\n  selector: {matchLabels: {app: payments}}\n" +
		"  template:\n    metadata: {labels: {app: payments}}\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/payments:1.0.0\n          ports: [{containerPort: 8080}]\n"
	if probed {
		d += "          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n"
	}
	return d
}

// gitopsFixture is a service repository whose prc.yml names its manifests in acme/gitops, and
// that GitOps repository with a Deployment lacking a readiness probe.
func gitopsFixture(t *testing.T) (*fixture, Target) {
	f := newFixture(t)
	f.pushOrg(map[string]string{OrgChecklistPath: kubeChecklist})
	f.gh.addRepo(org, "gitops", map[string]string{"apps/payments/deployment.yaml": gitopsDeployment(false), "apps/other/deployment.yaml": gitopsDeployment(true)})
	target := f.repo("payments", map[string]string{"README.md": "# payments\n",
		".github/prc.yml": "manifests: {repo: acme/gitops, path: apps/payments}\n"})
	return f, target
}

// readiness is the box state of resilience.readiness in the repository's PRC issue, and its body.
func (f *fixture) readiness(t Target) (bool, string) {
	f.t.Helper()
	body := f.oneIssue(t).Body
	p, err := render.ParseBody(body)
	f.must(err)
	for _, it := range p.Items {
		if it.ID == "resilience.readiness" {
			return it.Checked, body
		}
	}
	f.t.Fatalf("no readiness item in %s", body)
	return false, ""
}

// TestManifestsInAnotherRepository: the issue reflects the GitOps repository's manifests, the
// store records the dependency, and a push there, with none to the service, turns the item green.
func TestManifestsInAnotherRepository(t *testing.T) {
	t.Parallel()
	f, target := gitopsFixture(t)
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	checked, body := f.readiness(target)
	if checked || !strings.Contains(body, "acme/gitops/apps/payments/deployment.yaml") {
		t.Fatalf("readiness checked %v, want a failure naming the GitOps file:\n%s", checked, body)
	}
	if !strings.Contains(body, "(https://github.example/acme/gitops/blob/HEAD/apps/payments/deployment.yaml#L") ||
		strings.Contains(body, "payments/blob/main/acme/gitops") {
		t.Errorf("the GitOps file is not linked in its own repository:\n%s", body)
	}
	repo, err := f.st.RepositoryByName(f.ctx, org, "payments")
	f.must(err)
	if got, _ := f.st.ManifestSources(f.ctx, repo.ID); !slices.Equal(got, []string{"acme/gitops"}) {
		t.Errorf("recorded sources = %q, want [acme/gitops]", got)
	}
	f.gh.push(org, "gitops", "main", map[string]string{"apps/payments/deployment.yaml": gitopsDeployment(true)})
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	if checked, body := f.readiness(target); !checked {
		t.Errorf("after a push to acme/gitops, readiness is still unchecked:\n%s", body)
	}
	before := copyCalls(f.gh.calls)
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	if f.gh.calls["ReadTree"] != before["ReadTree"] || f.gh.calls["ReadBlob"] != before["ReadBlob"] {
		t.Errorf("nothing changed, yet %d trees and %d blobs were read", f.gh.calls["ReadTree"]-before["ReadTree"], f.gh.calls["ReadBlob"]-before["ReadBlob"])
	}
}

// TestManifestsInAnotherRepositoryReadOnce: evaluating again what did not change reads neither
// the GitOps repository's tree nor any blob again.
func TestManifestsInAnotherRepositoryReadOnce(t *testing.T) {
	t.Parallel()
	f, target := gitopsFixture(t)
	f.must(f.r.Repository(f.ctx, target, false))
	before := copyCalls(f.gh.calls)
	f.must(f.r.Repository(f.ctx, target, false))
	if n := f.gh.calls["ReadBlob"] - before["ReadBlob"]; n != 0 {
		t.Errorf("a second evaluation read %d blobs, want none", n)
	}
	if n := f.gh.calls["ReadTree"] - before["ReadTree"]; n != 1 {
		t.Errorf("a second evaluation read %d trees, want only the service repository's", n)
	}
}

// TestManifestsInAnUnreadableRepository: a repository that is missing, or another account's, is
// a problem line in the issue and an unticked item, never a pass; nothing is recorded as read.
func TestManifestsInAnUnreadableRepository(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ prcYML, problem string }{
		"missing": {"manifests: {repo: acme/nope, path: apps/payments}\n",
			"acme/nope is not a repository of this installation"},
		"another account's": {"manifests: {repo: globex/gitops, path: apps/payments}\n",
			"globex/gitops belongs to another account than acme, so it is not in this installation"},
		"a folder it lacks": {"manifests: {repo: acme/gitops, path: apps/missing}\n",
			"acme/gitops has no files under apps/missing"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, _ := gitopsFixture(t)
			target := f.repo("ledger", map[string]string{"README.md": "# ledger\n", ".github/prc.yml": tc.prcYML})
			f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
			checked, body := f.readiness(target)
			if checked || !strings.Contains(body, tc.problem) || !strings.Contains(body, "could not be read") {
				t.Errorf("readiness checked %v; want unchecked and the problem %q in:\n%s", checked, tc.problem, body)
			}
			trees := f.gh.calls["ReadTree"]
			f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
			if f.gh.calls["ReadTree"] != trees {
				t.Error("an unchanged repository whose manifests cannot be read was evaluated again")
			}
		})
	}
}

// TestPullRequestCheckWithManifestsInAnotherRepository: the check run judges the GitOps
// repository's manifests, and annotates only the pull request's own files.
func TestPullRequestCheckWithManifestsInAnotherRepository(t *testing.T) {
	t.Parallel()
	f, target := gitopsFixture(t)
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	head := f.gh.push(org, "payments", "feature", map[string]string{"README.md": "# payments\n",
		".github/prc.yml": "manifests: {repo: acme/gitops, path: apps/payments}\n", "k8s/deployment.yaml": gitopsDeployment(false)})
	f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: head}))
	runs := f.gh.state(org, "payments").runs
	if len(runs) != 1 {
		t.Fatalf("check runs %+v", runs)
	}
	if !strings.Contains(runs[0].Text+runs[0].Summary, "acme/gitops/apps/payments/deployment.yaml") {
		t.Errorf("the check run does not name the GitOps file:\n%s\n%s", runs[0].Summary, runs[0].Text)
	}
	for _, a := range runs[0].Annotations {
		if strings.HasPrefix(a.Path, "acme/gitops/") || a.Path == "k8s/deployment.yaml" {
			t.Errorf("annotation %+v: want none on another repository's files, none on the unread k8s folder", a)
		}
	}
}
