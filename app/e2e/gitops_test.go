package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist/render"
)

// gitopsDeployment is a serving Deployment of payments, with a readiness probe when probed.
func gitopsDeployment(probed bool) string {
	d := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payments}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: payments}}\n" +
		"  template:\n    metadata: {labels: {app: payments}}\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/payments:1.4.2\n" +
		"          ports: [{containerPort: 8080}]\n"
	if probed {
		d += "          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n"
	}
	return d
}

// itemChecked reads an item's box from a PRC issue body.
func itemChecked(t *testing.T, body, id string) bool {
	t.Helper()
	p, err := render.ParseBody(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range p.Items {
		if it.ID == id {
			return it.Checked
		}
	}
	t.Fatalf("no item %s in the issue body", id)
	return false
}

// blobReadsOf counts the blob reads of one repository.
func blobReadsOf(s githubfake.Stats, fullName string) int {
	n := 0
	for p, c := range s.ByPath {
		if strings.HasPrefix(p, "GET /repos/"+fullName+"/git/blobs/") {
			n += c
		}
	}
	return n
}

// TestManifestsInAGitOpsRepository: a service whose prc.yml names its manifests in the
// organisation's GitOps repository is judged by them; a push to the GitOps repository alone
// turns its failing item green; evaluating again what did not change reads no blob again.
func TestManifestsInAGitOpsRepository(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		gitops := e.repo("gitops", map[string]string{"apps/payments/prod/deployment.yaml": gitopsDeployment(false), "README.md": "# gitops\n"})
		svc := e.repo("payments", map[string]string{"README.md": "# payments\n",
			".github/prc.yml": "tier: critical\nmanifests: {repo: acme/gitops, path: apps/payments/prod}\n"})
		e.deliver("repository", e.payload("repository/created", svc))
		issue := e.onePRCIssue(svc)
		if itemChecked(t, issue.Body, "resilience.readiness") || !strings.Contains(issue.Body, "acme/gitops/apps/payments/prod/deployment.yaml") {
			t.Fatalf("readiness should fail on the GitOps repository's Deployment:\n%s", issue.Body)
		}
		serviceHead := e.fake.Head(svc.Owner, svc.Name, svc.DefaultBranch)

		e.fake.Push(org, gitops.Name, gitops.DefaultBranch, map[string]string{"apps/payments/prod/deployment.yaml": gitopsDeployment(true)})
		e.deliver("push", e.pushPayload(gitops, "apps/payments/prod/deployment.yaml"))
		e.settle()
		issue = e.onePRCIssue(svc)
		if !itemChecked(t, issue.Body, "resilience.readiness") {
			t.Errorf("after a push to acme/gitops, readiness is still unchecked:\n%s", issue.Body)
		}
		if got := e.fake.Head(svc.Owner, svc.Name, svc.DefaultBranch); got != serviceHead {
			t.Fatalf("the service repository moved (%s → %s); the test must not push there", serviceHead, got)
		}

		e.fake.ResetRequests()
		e.deliver("push", e.pushPayload(gitops))
		e.settle()
		// Asking whether a tree changed is a tree read answered 304, not a read of it.
		if got := e.fake.Requests(); got.ByRoute[treeRoute] != got.NotModified[treeRoute] || got.ByRoute[blobRoute] != 0 || got.Mutations() != 0 {
			t.Errorf("a push at the evaluated commit read %d trees and %d blobs and made %d mutations, want none",
				got.ByRoute[treeRoute]-got.NotModified[treeRoute], got.ByRoute[blobRoute], got.Mutations())
		}

		// Deleting the issue makes a full evaluation of unchanged repositories: every blob is cached.
		e.fake.ResetRequests()
		p := e.payload("issues/deleted", svc)
		fixtures.Set(p, "issue", e.fake.IssueObject(svc.Owner, svc.Name, issue.Number))
		e.fake.DeleteIssue(svc.Owner, svc.Name, issue.Number)
		e.deliver("issues", p)
		e.settle()
		recreated := e.onePRCIssue(svc)
		if !itemChecked(t, recreated.Body, "resilience.readiness") {
			t.Errorf("the recreated issue lost the GitOps manifests:\n%s", recreated.Body)
		}
		if got := e.fake.Requests(); blobReadsOf(got, "acme/gitops") != 0 || got.ByRoute[blobRoute] != 0 {
			t.Errorf("a second evaluation of unchanged trees read %d blobs (%d of acme/gitops), want none", got.ByRoute[blobRoute], blobReadsOf(got, "acme/gitops"))
		}
	})
}

// TestManifestsInARepositoryOutsideTheInstallation: a prc.yml naming a repository the App
// cannot read (missing, another account's, or one the installation was not given) shows the
// problem in the service's PRC issue, and its Kubernetes items do not pass.
func TestManifestsInARepositoryOutsideTheInstallation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.fake.AddInstallation(installation+1, "globex")
		e.fake.AddRepo(installation+1, "globex", "gitops", map[string]string{"apps/payments/deployment.yaml": gitopsDeployment(true)})
		// A repository of the account that the installation was not given: the fake keeps it
		// under another installation.
		e.fake.AddInstallation(installation+2, "acme-other")
		e.fake.AddRepo(installation+2, org, "hidden", map[string]string{"apps/payments/deployment.yaml": gitopsDeployment(true)})
		svc := e.repo("payments", map[string]string{"README.md": "# payments\n", ".github/prc.yml": "services:\n" +
			"  - {name: missing, path: a, manifests: {repo: acme/deploy, path: apps/payments}}\n" +
			"  - {name: foreign, path: b, manifests: {repo: globex/gitops, path: apps/payments}}\n" +
			"  - {name: hidden, path: c, manifests: {repo: acme/hidden, path: apps/payments}}\n"})
		e.deliver("repository", e.payload("repository/created", svc))
		want := map[string]string{
			"missing": "acme/deploy is not a repository of this installation",
			"foreign": "globex/gitops belongs to another account than acme",
			"hidden":  "acme/hidden is not a repository of this installation",
		}
		e.eventually("three PRC issues", func() bool { return len(e.prcIssues(svc)) == 3 })
		e.settle()
		for _, is := range e.prcIssues(svc) {
			name := strings.TrimPrefix(is.Title, "Production readiness: ")
			if !strings.Contains(is.Body, want[name]) || !strings.Contains(is.Body, "could not be read") {
				t.Errorf("issue of %s lacks %q:\n%s", name, want[name], is.Body)
			}
			if itemChecked(t, is.Body, "resilience.readiness") {
				t.Errorf("%s: readiness passes on manifests that could not be read", name)
			}
			delete(want, name)
		}
		if len(want) != 0 {
			t.Errorf("no issue for %v", want)
		}
	})
}
