package e2e

import (
	"context"
	"slices"
	"sync"

	"strings"
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"

	"github.com/prchq/prc/app/store/storetest"
)

func TestNewRepositoryGetsOnePRCIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("payments", map[string]string{"README.md": "# payments\n"})
		e.deliver("repository", e.payload("repository/created", r))
		issue := e.onePRCIssue(r)
		if issue.Title != "Production readiness: payments" || !slices.Contains(issue.Labels, "prc") || issue.State != "open" {
			t.Errorf("issue = %+v", issue)
		}
		for _, want := range []string{"<!-- prc:meta", "<!-- prc:item docs.readme -->", "prc-default", "docs.runbook", "/blob/main/README.md)"} {
			if !strings.Contains(issue.Body, want) {
				t.Errorf("issue body lacks %q", want)
			}
		}
		if len(issue.Body) > 65536 {
			t.Errorf("issue body is %d characters", len(issue.Body))
		}
	})
}

func TestSameDeliveryTwiceCreatesOneIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("ledger", map[string]string{"README.md": "# ledger\n"})
		d := delivery("repository", e.payload("repository/created", r))
		if code := d.Post(t, e.url(), secret); code != 202 {
			t.Fatalf("first delivery = %d", code)
		}
		if code := d.Post(t, e.url(), secret); code != 200 {
			t.Fatalf("redelivery = %d, want 200 (acknowledged, not processed)", code)
		}
		e.onePRCIssue(r)
		if n := e.fake.Requests().ByRoute["POST /repos/{owner}/{repo}/issues"]; n != 1 {
			t.Errorf("%d issue creations, want 1", n)
		}
	})
}

func TestConcurrentDeliveriesCreateOneIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("orders", map[string]string{"README.md": "# orders\n"})
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := delivery("repository", e.payload("repository/created", r))
				if code := d.Post(t, e.url(), secret); code != 202 {
					t.Errorf("delivery = %d", code)
				}
			}()
		}
		wg.Wait()
		e.onePRCIssue(r)
	})
}

func TestInstallOnboardsOptedInRepositories(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		opted := e.repo("api", map[string]string{"README.md": "# api\n", ".github/prc.yml": "service: api-gateway\ntier: critical\n"})
		other := e.repo("website", map[string]string{"README.md": "# site\n"})
		p := e.payload("installation/created", nil)
		fixtures.Set(p, "installation", map[string]any{"id": installation, "account": map[string]any{"login": org, "type": "Organization"}})
		fixtures.Set(p, "repositories", []any{repoObject(opted), repoObject(other)})
		e.deliver("installation", p)
		issue := e.onePRCIssue(opted)
		if issue.Title != "Production readiness: api-gateway" || !strings.Contains(issue.Body, "critical") {
			t.Errorf("issue = %q\n%s", issue.Title, issue.Body)
		}
		if got := e.prcIssues(other); len(got) != 0 {
			t.Fatalf("a repository that did not opt in got %d PRC issues", len(got))
		}
		e.fake.Push(org, other.Name, other.DefaultBranch, map[string]string{".github/prc.yml": "tier: standard\n"})
		e.deliver("push", e.pushPayload(other))
		if got := e.onePRCIssue(other); got.Title != "Production readiness: website" {
			t.Errorf("opted in by push: %q", got.Title)
		}
	})
}

func TestOrganisationOnboardsAll(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.repo(".github", map[string]string{"prc/config.yml": "onboard: all\n"})
		plain := e.repo("billing", map[string]string{"README.md": "# billing\n"})
		e.deliver("installation", e.installationPayload("created"))
		e.onePRCIssue(plain)
	})
}

func TestInstallationLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("search", map[string]string{".github/prc.yml": "tier: standard\n"})
		e.deliver("installation", e.installationPayload("created"))
		e.onePRCIssue(r)
		ctx := context.Background()
		e.deliver("installation", e.installationPayload("suspend"))
		e.settle()
		if in, err := e.app.Store().Installation(ctx, installation); err != nil || !in.Suspended {
			t.Errorf("after suspend: %+v, %v", in, err)
		}
		e.deliver("installation", e.installationPayload("unsuspend"))
		e.settle()
		if in, _ := e.app.Store().Installation(ctx, installation); in.Suspended {
			t.Error("still suspended after unsuspend")
		}
		removed := e.payload("installation_repositories/removed", nil)
		fixtures.Set(removed, "installation", map[string]any{"id": installation, "account": map[string]any{"login": org}})
		fixtures.Set(removed, "repositories_removed", []any{repoObject(r)})
		fixtures.Set(removed, "repositories_added", []any{})
		e.deliver("installation_repositories", removed)
		e.settle()
		if got, err := e.app.Store().Repository(ctx, r.ID); err != nil || !got.Removed {
			t.Errorf("after removal: %+v, %v", got, err)
		}
		added := e.payload("installation_repositories/added", nil)
		fixtures.Set(added, "installation", map[string]any{"id": installation, "account": map[string]any{"login": org}})
		fixtures.Set(added, "repositories_added", []any{repoObject(r)})
		fixtures.Set(added, "repositories_removed", []any{})
		e.deliver("installation_repositories", added)
		e.settle()
		if got, _ := e.app.Store().Repository(ctx, r.ID); got.Removed {
			t.Error("repository still removed after it was added back")
		}
		e.deliver("installation", e.installationPayload("deleted"))
		e.settle()
		if in, _ := e.app.Store().Installation(ctx, installation); !in.Deleted {
			t.Error("installation not marked deleted")
		}
		if len(e.prcIssues(r)) != 1 {
			t.Error("the lifecycle must not create more issues")
		}
	})
}

func TestSuspendedInstallationIsLeftAlone(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.deliver("installation", e.installationPayload("created"))
		e.settle()
		e.deliver("installation", e.installationPayload("suspend"))
		e.settle()
		r := e.repo("paused", map[string]string{".github/prc.yml": "tier: standard\n"})
		e.deliver("push", e.pushPayload(r, ".github/prc.yml"))
		e.settle()
		if n := len(e.prcIssues(r)); n != 0 {
			t.Fatalf("a suspended installation got %d PRC issues", n)
		}
		e.deliver("installation", e.installationPayload("unsuspend"))
		e.onePRCIssue(r)
	})
}
