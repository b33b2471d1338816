package reconcile

import (
	"errors"
	"testing"
)

// TestLookBeforeOpening: a new repository's first PRC issue is opened without looking for an
// existing one; every other first issue is looked for first, and so is the retry of an attempt
// that may have opened it before the process died.
func TestLookBeforeOpening(t *testing.T) {
	t.Parallel()
	files := map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"}
	tests := map[string]struct {
		newRepo   bool
		wantLooks int
	}{
		"a new repository":       {newRepo: true, wantLooks: 0},
		"an existing repository": {newRepo: false, wantLooks: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", files)
			f.must(f.r.Repository(f.ctx, target, tc.newRepo))
			f.oneIssue(target)
			if n := f.gh.calls["FindIssues"]; n != tc.wantLooks {
				t.Errorf("looked for an existing issue %d times, want %d", n, tc.wantLooks)
			}
		})
	}
}

// TestRetryAfterCrashLooksFirst: when the issue was opened but not recorded (the process died
// in between), the retry finds it instead of opening a second one, even in a new repository.
func TestRetryAfterCrashLooksFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"})
	boom := errors.New("died")
	f.st.fail["SetIssue"] = boom
	if err := f.r.Repository(f.ctx, target, true); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the crash", err)
	}
	delete(f.st.fail, "SetIssue")
	f.must(f.r.Repository(f.ctx, target, true))
	issue := f.oneIssue(target)
	if n := f.gh.calls["FindIssues"]; n != 1 {
		t.Errorf("the retry looked %d times, want once", n)
	}
	if got := f.service(target, "shop").IssueNumber; got != issue.Number {
		t.Errorf("store records issue #%d, want #%d", got, issue.Number)
	}
}

// TestFindIssuesFailure: a failed look stops the creation instead of risking a duplicate.
func TestFindIssuesFailure(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n", ".github/prc.yml": "service: shop\n"})
	boom := errors.New("boom")
	f.gh.fail["FindIssues"] = boom
	if err := f.r.Repository(f.ctx, target, false); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if n := len(f.issues(target)); n != 0 {
		t.Errorf("%d issues opened after a failed look, want none", n)
	}
}
