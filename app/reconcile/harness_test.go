package reconcile

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/internal/fixtures/checklists"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/render"
	"github.com/sirupsen/logrus"
)

const org = "acme"

const testChecklist = checklists.Org

// fixture is a Reconciler over an in-memory GitHub and store, with the organisation checklist
// above and a fixed clock.
type fixture struct {
	t    *testing.T
	gh   *memGitHub
	st   *memStore
	r    *Reconciler
	ctx  context.Context
	inst int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	f := &fixture{t: t, gh: newMemGitHub(), st: newMemStore(), ctx: context.Background(), inst: 7}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.r = New(f.st, f.gh, Settings{IssueLabel: "prc", LaunchLabel: "launch", CheckName: "readiness"}, log, "test", WithClock(func() time.Time { return now }))
	f.gh.addRepo(org, OrgRepo, map[string]string{OrgChecklistPath: testChecklist})
	return f
}

// repo creates a repository with files and returns its target.
func (f *fixture) repo(name string, files map[string]string) Target {
	f.gh.addRepo(org, name, files)
	return Target{InstallationID: f.inst, Owner: org, Name: name}
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// issues are the live issues of a repository.
func (f *fixture) issues(t Target) []gh.Issue { return f.gh.state(t.Owner, t.Name).liveIssues() }

// oneIssue asserts that the repository has exactly one PRC issue and returns it.
func (f *fixture) oneIssue(t Target) gh.Issue {
	f.t.Helper()
	is := f.issues(t)
	if len(is) != 1 {
		f.t.Fatalf("want one PRC issue, got %d: %+v", len(is), is)
	}
	return is[0]
}

func (f *fixture) service(t Target, name string) store.Service {
	f.t.Helper()
	repo, err := f.st.RepositoryByName(f.ctx, t.Owner, t.Name)
	f.must(err)
	svc, ok := f.st.service(repo.ID, name)
	if !ok {
		f.t.Fatalf("no service %s in the store", name)
	}
	return svc
}

func (f *fixture) comments(t Target) string { return f.gh.state(t.Owner, t.Name).allComments() }

// toggle ticks or unticks item's box in an issue body, as a person editing it would.
func toggle(t *testing.T, body, item string, on bool) string {
	t.Helper()
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.Contains(l, "<!-- prc:item "+item+" -->") {
			from, to := "- [x]", "- [ ]"
			if on {
				from, to = to, from
			}
			lines[i] = strings.Replace(l, from, to, 1)
			return strings.Join(lines, "\n")
		}
	}
	p, _ := render.ParseBody(body)
	t.Fatalf("no marker for %s in body (items %+v)", item, p.Items)
	return ""
}

// fault names a method of the in-memory GitHub (gh) or store (st) that answers an error.
type fault struct{ gh, st string }

// failOn makes the method fault names answer err.
func (f *fixture) failOn(ft fault, err error) {
	if ft.gh != "" {
		f.gh.fail[ft.gh] = err
	}
	if ft.st != "" {
		f.st.fail[ft.st] = err
	}
}
