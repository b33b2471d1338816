package reconcile

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

// monorepo is a fixture whose repository "shop" lists services api and worker, each with its
// PRC issue: api is issue 1, worker issue 2.
func monorepo(t *testing.T) (*fixture, Target) {
	t.Helper()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{".github/prc.yml": monorepoConfig})
	f.must(f.r.Repository(f.ctx, target, true))
	if n := len(f.issues(target)); n != 2 {
		t.Fatalf("want two PRC issues, got %d", n)
	}
	return f, target
}

const apiOnly = "services:\n  - name: api\n    path: services/api\n"

func (f *fixture) issueNumbered(t Target, n int) gh.Issue {
	f.t.Helper()
	for _, is := range f.issues(t) {
		if is.Number == n {
			return is
		}
	}
	f.t.Fatalf("no issue %d", n)
	return gh.Issue{}
}

// TestServiceRemovedFromConfig: the issue of a service no longer listed is closed once, with a
// comment, and the service is marked untracked with its ticks kept; the closing event does not
// dismiss it, and listing it again reopens the issue.
func TestServiceRemovedFromConfig(t *testing.T) {
	t.Parallel()
	f, target := monorepo(t)
	worker := f.service(target, "worker")
	f.must(f.st.RecordTick(f.ctx, store.Tick{ServiceID: worker.ID, Item: "docs.review", User: "alice", Checked: true, Accepted: true}))
	f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": apiOnly})
	for range 2 {
		f.must(f.r.Repository(f.ctx, target, false))
	}
	if is := f.issueNumbered(target, worker.IssueNumber); is.State != "closed" {
		t.Errorf("worker's issue is %s", is.State)
	}
	if c := f.gh.state(org, "shop").comments[worker.IssueNumber]; len(c) != 1 || !strings.Contains(c[0], "no longer tracks it") {
		t.Errorf("worker's comments = %q, want one saying it is no longer tracked", c)
	}
	if is := f.issueNumbered(target, f.service(target, "api").IssueNumber); is.State != "open" {
		t.Errorf("api's issue is %s", is.State)
	}
	f.must(f.r.IssueClosed(f.ctx, target, worker.IssueNumber)) // GitHub's event for prc's own close
	if svc := f.service(target, "worker"); !svc.Untracked || svc.State != store.ServiceActive || len(f.ticksOf("docs.review")) != 1 {
		t.Errorf("worker = %+v, ticks %+v; want untracked, active, its tick kept", svc, f.st.ticks)
	}

	f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": monorepoConfig})
	f.must(f.r.Repository(f.ctx, target, false))
	is := f.issueNumbered(target, worker.IssueNumber)
	if is.State != "open" || f.service(target, "worker").Untracked || !lineHas(is.Body, "docs.review", "- [x]") {
		t.Errorf("worker not tracked again: %s, untracked %v\n%s", is.State, f.service(target, "worker").Untracked, is.Body)
	}
	if n := len(f.issues(target)); n != 2 {
		t.Errorf("%d PRC issues, want the two", n)
	}
}

// TestServiceRemovalLeavesAlone: a dismissed service's closed issue gets no comment, and a
// prc.yml broken with no good version to fall back on untracks nothing.
func TestServiceRemovalLeavesAlone(t *testing.T) {
	t.Parallel()
	t.Run("dismissed", func(t *testing.T) {
		t.Parallel()
		f, target := monorepo(t)
		worker := f.service(target, "worker")
		f.gh.edit(org, "shop", func(r *memRepo) { r.issues[worker.IssueNumber-1].State = "closed" })
		f.must(f.r.IssueClosed(f.ctx, target, worker.IssueNumber))
		f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": apiOnly})
		f.must(f.r.Repository(f.ctx, target, false))
		if c := f.gh.state(org, "shop").comments[worker.IssueNumber]; len(c) != 0 || !f.service(target, "worker").Untracked {
			t.Errorf("comments %q, untracked %v", c, f.service(target, "worker").Untracked)
		}
	})
	t.Run("broken config", func(t *testing.T) {
		t.Parallel()
		f, target := monorepo(t)
		repo, err := f.st.RepositoryByName(f.ctx, org, "shop")
		f.must(err)
		f.st.mu.Lock()
		delete(f.st.goodConfigs, repo.ID)
		f.st.mu.Unlock()
		f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": "services: [\n"})
		f.must(f.r.Repository(f.ctx, target, false))
		for _, name := range []string{"api", "worker"} {
			if svc := f.service(target, name); svc.Untracked || f.issueNumbered(target, svc.IssueNumber).State != "open" {
				t.Errorf("%s of an ignored prc.yml was untracked", name)
			}
		}
	})
}

// TestServiceRemovalRetries: a failed comment or close leaves the service tracked, so that the
// retry closes the issue.
func TestServiceRemovalRetries(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"Comment", "EditIssue"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			f, target := monorepo(t)
			f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": apiOnly})
			boom := errors.New("boom")
			f.gh.fail[method] = boom
			if err := f.r.Repository(f.ctx, target, false); !errors.Is(err, boom) {
				t.Fatalf("err = %v, want boom", err)
			}
			delete(f.gh.fail, method)
			f.must(f.r.Repository(f.ctx, target, false))
			worker := f.service(target, "worker")
			if !worker.Untracked || f.issueNumbered(target, worker.IssueNumber).State != "closed" {
				t.Errorf("worker untracked %v, issue %s", worker.Untracked, f.issueNumbered(target, worker.IssueNumber).State)
			}
		})
	}
}

// TestUntrackedServiceDoesNotHoldUpAPullRequestLaunch: a launch label on a pull request speaks
// for the services prc.yml lists, not for one it no longer does.
func TestUntrackedServiceDoesNotHoldUpAPullRequestLaunch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	files := map[string]string{".github/prc.yml": monorepoConfig, "services/api/README.md": "# api\n", "services/api/RUNBOOK.md": "# run\n"}
	target := f.repo("shop", files)
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) { r.perms["alice"] = gh.PermMaintain })
	if api := f.service(target, "api"); api.IssueNumber != 1 {
		t.Fatalf("api's issue is %d, want 1", api.IssueNumber)
	}
	f.must(f.editAs(target, "alice", toggle(t, f.issueNumbered(target, 1).Body, "docs.review", true)))
	files[".github/prc.yml"] = apiOnly
	f.gh.push(org, "shop", "main", files)
	f.must(f.r.Repository(f.ctx, target, false))
	f.gh.edit(org, "shop", func(r *memRepo) { r.prs[1000] = &gh.PullRequest{Number: 1000, Labels: []string{"launch"}} })
	f.must(f.r.Launch(f.ctx, target, LaunchRequest{Number: 1000, PullRequest: true, Sender: "alice"}))
	if len(f.st.launches) != 1 || f.st.launches[0].ServiceID != f.service(target, "api").ID {
		t.Errorf("launches %+v, want one for api", f.st.launches)
	}
}

// TestUntrackedServiceLeavesCampaigns: a service no longer listed stops counting in its
// organisation's campaigns.
func TestUntrackedServiceLeavesCampaigns(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.repo(OrgRepo, map[string]string{OrgConfigPath: "campaigns:\n  - {id: docs, items: [docs.readme], deadline: 2027-03-31}\n"})
	target := f.repo("shop", map[string]string{".github/prc.yml": monorepoConfig})
	f.must(f.r.Repository(f.ctx, target, true))
	worker := f.service(target, "worker")
	inScope := func() bool {
		f.st.mu.Lock()
		defer f.st.mu.Unlock()
		return f.st.campaignState().progress[fmt.Sprintf("%s/docs/%d", strings.ToLower(org), worker.ID)].InScope
	}
	if !inScope() {
		t.Fatal("the campaign does not cover the listed worker service")
	}
	f.gh.push(org, "shop", "main", map[string]string{".github/prc.yml": apiOnly})
	f.must(f.r.Repository(f.ctx, target, false))
	if inScope() {
		t.Error("the campaign still covers the worker service after it left prc.yml")
	}
}
