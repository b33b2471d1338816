package reconcile

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

// TestRepositoryIfChanged: a repository is evaluated again only when something its evaluation
// reads changed since the last one.
func TestRepositoryIfChanged(t *testing.T) {
	t.Parallel()
	files := map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"}
	tests := map[string]struct {
		change    func(f *fixture, r **Reconciler)
		evaluates bool
	}{
		"nothing": {change: func(*fixture, **Reconciler) {}, evaluates: false},
		"a push": {change: func(f *fixture, _ **Reconciler) {
			f.gh.push(org, "shop", "main", withFile(files, "RUNBOOK.md", "# run\n"))
		}, evaluates: true},
		"a push that edits a file": {change: func(f *fixture, _ **Reconciler) {
			f.gh.push(org, "shop", "main", withFile(files, "README.md", "# y\n"))
		}, evaluates: true},
		"the org checklist": {change: func(f *fixture, _ **Reconciler) {
			f.pushOrg(map[string]string{OrgChecklistPath: testChecklist + "\n# edited\n"})
		}, evaluates: true},
		"the org config": {change: func(f *fixture, _ **Reconciler) {
			f.pushOrg(map[string]string{OrgChecklistPath: testChecklist, OrgConfigPath: "onboard: all\n"})
		}, evaluates: true},
		"the day": {change: func(f *fixture, r **Reconciler) {
			next := time.Date(2026, 3, 2, 0, 0, 1, 0, time.UTC)
			*r = New(f.st, f.gh, (*r).set, quietLog(), "test", WithClock(func() time.Time { return next }))
		}, evaluates: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", files)
			f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
			f.oneIssue(target)
			r := f.r
			tc.change(f, &r)
			trees := f.gh.calls["ReadTree"]
			f.must(r.RepositoryIfChanged(f.ctx, target, false))
			if got := f.gh.calls["ReadTree"] > trees; got != tc.evaluates {
				t.Errorf("evaluated again: %v, want %v", got, tc.evaluates)
			}
		})
	}
}

// TestRepositoryAlwaysEvaluates: Repository itself never skips, so a deleted PRC issue is
// recreated even when the repository did not change.
func TestRepositoryAlwaysEvaluates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"})
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	trees := f.gh.calls["ReadTree"]
	f.must(f.r.Repository(f.ctx, target, false))
	if f.gh.calls["ReadTree"] == trees {
		t.Error("Repository skipped an unchanged repository")
	}
}

// TestRepositoryIfChangedReadsLittle: the check of an unchanged repository reads its branch's
// root tree alone: nothing of the repository's files or issues, and the organisation's settings
// come from the cache.
func TestRepositoryIfChangedReadsLittle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"})
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	before := copyCalls(f.gh.calls)
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	for method, n := range f.gh.calls {
		if d := n - before[method]; d != 0 && method != "Installation" && method != "TreeSHA" && method != "TreeSHA 304" {
			t.Errorf("%s called %d times checking an unchanged repository", method, d)
		}
	}
	if d, nm := f.gh.calls["TreeSHA"]-before["TreeSHA"], f.gh.calls["TreeSHA 304"]-before["TreeSHA 304"]; d != 1 || nm != 1 {
		t.Errorf("TreeSHA called %d times, %d of them with the ETag of the last answer; want once, with it", d, nm)
	}
}

func withFile(files map[string]string, path, content string) map[string]string {
	out := map[string]string{path: content}
	for p, c := range files {
		if p != path {
			out[p] = c
		}
	}
	return out
}

func copyCalls(calls map[string]int) map[string]int {
	out := make(map[string]int, len(calls))
	for k, v := range calls {
		out[k] = v
	}
	return out
}

func quietLog() logrus.FieldLogger {
	log := logrus.New()
	log.SetOutput(io.Discard)
	return log
}

// TestOneReconcilePerRepositoryAtATime: while one reconcile of a repository runs, another waits
// (ErrBusy), and runs once the first is done.
func TestOneReconcilePerRepositoryAtATime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	if ok, err := f.st.TryLock(f.ctx, repoLock(target), "other-worker", time.Minute); err != nil || !ok {
		t.Fatalf("TryLock = %v, %v", ok, err)
	}
	if err := f.r.Repository(f.ctx, target, true); !errors.Is(err, ErrBusy) {
		t.Fatalf("Repository during another reconcile = %v, want ErrBusy", err)
	}
	if n := f.gh.calls["ReadTree"]; n != 0 {
		t.Errorf("a busy reconcile read %d trees", n)
	}
	f.must(f.st.Unlock(f.ctx, repoLock(target), "other-worker"))
	f.must(f.r.Repository(f.ctx, target, true))
	f.oneIssue(target)
}

// TestLeftAloneRepositoryIsCheap: a repository that has not opted in is looked at again with its
// branch's tree SHA alone, until it opts in.
func TestLeftAloneRepositoryIsCheap(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("tools", map[string]string{"README.md": "# tools\n"})
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	before := copyCalls(f.gh.calls)
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	for method, n := range f.gh.calls {
		if d := n - before[method]; d != 0 && method != "Installation" && method != "TreeSHA" && method != "TreeSHA 304" {
			t.Errorf("%s called %d times looking again at a repository left alone", method, d)
		}
	}
	if d := f.gh.calls["TreeSHA 304"] - before["TreeSHA 304"]; d != 1 {
		t.Errorf("the look was not conditional on the last answer's ETag")
	}
	if n := len(f.issues(target)); n != 0 {
		t.Fatalf("%d issues in a repository that has not opted in", n)
	}
	f.gh.push(org, "tools", "main", map[string]string{"README.md": "# tools\n", ".github/prc.yml": "service: tools\n"})
	f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
	f.oneIssue(target)
}
