package reconcile

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/render"
)

var completeFiles = map[string]string{"README.md": "# x\n", "RUNBOOK.md": "# run\n"}

// with is files with extra files added.
func with(files map[string]string, extra map[string]string) map[string]string {
	out := maps.Clone(files)
	maps.Copy(out, extra)
	return out
}

// breaking adds a file with a latest image, which breaks security.no-latest at its line 2.
var breaking = map[string]string{"deploy/app.yaml": "a: 1\nimage: x:latest\n"}

// launched is a shop whose complete checklist alice launched from its PRC issue.
func launched(t *testing.T) (*fixture, Target) {
	t.Helper()
	f, target := onboarded(t, completeFiles)
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].Labels = append(r.issues[0].Labels, "launch") })
	f.must(f.r.Launch(f.ctx, target, LaunchRequest{Number: 1, Sender: "alice"}))
	if len(f.st.launches) != 1 {
		t.Fatalf("launches %+v, want one", f.st.launches)
	}
	return f, target
}

// pushMain commits files to the default branch and reconciles the repository.
func (f *fixture) pushMain(target Target, files map[string]string) string {
	f.t.Helper()
	sha := f.gh.push(org, target.Name, "main", files)
	f.must(f.r.Repository(f.ctx, target, false))
	return sha
}

// issueComments are the comments of the PRC issue, oldest first.
func (f *fixture) issueComments(target Target) []string {
	return f.gh.state(org, target.Name).comments[1]
}

// markedLines are the issue body's lines that carry a regression mark.
func markedLines(body string) []string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "regressed since") {
			out = append(out, l)
		}
	}
	return out
}

func TestRegressionAfterLaunch(t *testing.T) {
	t.Parallel()
	f, target := launched(t)
	svc := f.service(target, "shop")
	before := len(f.issueComments(target))

	broke := f.pushMain(target, with(completeFiles, breaking))
	marked := markedLines(f.oneIssue(target).Body)
	if len(marked) != 1 || !strings.Contains(marked[0], "regressed since `"+broke[:7]+"`") || !strings.Contains(marked[0], "prc:item security.no-latest") {
		t.Fatalf("marked lines = %q", marked)
	}
	cs := f.issueComments(target)
	if len(cs) != before+1 {
		t.Fatalf("comments %q, want one more", cs)
	}
	c := cs[before]
	for _, want := range []string{"`security.no-latest` fails since commit `" + broke + "`", "blob/" + broke + "/deploy/app.yaml#L2", "uses a latest image"} {
		if !strings.Contains(c, want) {
			t.Errorf("the regression comment lacks %q:\n%s", want, c)
		}
	}

	f.must(f.r.Repository(f.ctx, target, false))
	f.pushMain(target, with(completeFiles, with(breaking, map[string]string{"NOTES.md": "x\n"})))
	if cs := f.issueComments(target); len(cs) != before+1 {
		t.Errorf("a retry and a second broken commit made comments %q", cs[before:])
	}
	if marked := markedLines(f.oneIssue(target).Body); len(marked) != 1 || !strings.Contains(marked[0], broke[:7]) {
		t.Errorf("the mark moved off the breaking commit: %q", marked)
	}

	fixed := f.pushMain(target, completeFiles)
	if marked := markedLines(f.oneIssue(target).Body); len(marked) != 0 {
		t.Errorf("marks after the fix: %q", marked)
	}
	cs = f.issueComments(target)
	if len(cs) != before+1 || !strings.Contains(cs[before], "**Recovered:**") || !strings.Contains(cs[before], "no longer fails since commit `"+fixed+"`") ||
		!strings.Contains(cs[before], render.RegressionMarker(1)) {
		t.Errorf("after the fix, comments = %q, want the regression comment edited", cs[before:])
	}
	regs := f.st.regressionsOf(svc.ID)
	if len(regs) != 1 || regs[0].Open() || regs[0].RecoveredSHA != fixed || regs[0].CommentShows != store.CommentRecovered || regs[0].EvidencePath != "deploy/app.yaml" {
		t.Errorf("regressions = %+v", regs)
	}
	edits := f.gh.calls["EditComment"]
	f.must(f.r.Repository(f.ctx, target, false))
	if f.gh.calls["EditComment"] != edits || f.gh.calls["PostComment"] != 1 {
		t.Errorf("a reconcile after recovery posted %d and edited %d more", f.gh.calls["PostComment"]-1, f.gh.calls["EditComment"]-edits)
	}
}

func TestNoRegressionWithoutALaunchOrABreak(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		launch bool
		// first is pushed before the launch, next after it.
		first, next map[string]string
	}{
		"not launched": {next: with(completeFiles, breaking)},
		"launched while already failing": {launch: true, first: with(completeFiles, map[string]string{"deploy/old.yaml": "image: y:latest\n"}),
			next: with(completeFiles, with(breaking, map[string]string{"deploy/old.yaml": "image: y:latest\n"}))},
		"a change that breaks nothing": {launch: true, next: with(completeFiles, map[string]string{"deploy/app.yaml": "image: x:1.2\n"})},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, completeFiles)
			if tt.first != nil {
				f.pushMain(target, tt.first)
			}
			if tt.launch {
				f.must(f.st.RecordLaunch(f.ctx, store.Launch{ServiceID: f.service(target, "shop").ID, User: "alice", Source: store.LaunchFromIssue, Number: 1}))
			}
			f.pushMain(target, tt.next)
			if marked := markedLines(f.oneIssue(target).Body); len(marked) != 0 || f.gh.calls["PostComment"] != 0 {
				t.Errorf("marks %q and %d regression comments", marked, f.gh.calls["PostComment"])
			}
		})
	}
}

// TestRegressionSurvivesRetries fails one step of announcing a regression; the job's retry
// finishes the work with exactly one comment.
func TestRegressionSurvivesRetries(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]fault{
		"issue edit":             {gh: "EditIssue"},
		"posting the comment":    {gh: "PostComment"},
		"recording the comment":  {st: "SetRegressionComment"},
		"opening the regression": {st: "OpenRegression"},
		"saving the evaluation":  {st: "SaveEvaluation"},
	}
	for name, ft := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := launched(t)
			before := len(f.issueComments(target))
			broke := f.gh.push(org, "shop", "main", with(completeFiles, breaking))
			f.failOn(ft, boom)
			if err := f.r.Repository(f.ctx, target, false); !errors.Is(err, boom) {
				t.Fatalf("err = %v, want boom", err)
			}
			f.failOn(ft, nil)
			f.must(f.r.Repository(f.ctx, target, false))
			f.must(f.r.Repository(f.ctx, target, false))
			cs := f.issueComments(target)
			if len(cs) != before+1 || !strings.Contains(cs[before], broke) {
				t.Errorf("comments after the retry = %q, want one naming %s", cs[before:], broke)
			}
			if marked := markedLines(f.oneIssue(target).Body); len(marked) != 1 {
				t.Errorf("marks after the retry = %q", marked)
			}
			fixed := f.pushMain(target, completeFiles)
			if cs := f.issueComments(target); len(cs) != before+1 || !strings.Contains(cs[before], fixed) {
				t.Errorf("comments after the fix = %q", cs[before:])
			}
		})
	}
}

func TestRegressionCommentDeletedByAPerson(t *testing.T) {
	t.Parallel()
	f, target := launched(t)
	before := len(f.issueComments(target))
	f.pushMain(target, with(completeFiles, breaking))
	f.failOn(fault{gh: "EditComment"}, gh.ErrNotFound)
	fixed := f.pushMain(target, completeFiles)
	cs := f.issueComments(target)
	if len(cs) != before+2 || !strings.Contains(cs[before+1], "no longer fails since commit `"+fixed+"`") {
		t.Errorf("comments = %q, want the recovery posted anew", cs[before:])
	}
}

func TestTickKeepsTheRegressionMark(t *testing.T) {
	t.Parallel()
	f, target := launched(t)
	f.pushMain(target, with(completeFiles, breaking))
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", false)))
	if marked := markedLines(f.oneIssue(target).Body); len(marked) != 1 {
		t.Errorf("after a tick, marks = %q", marked)
	}
}

func TestPullRequestThatRegressesALaunchedService(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		launch     bool
		conclusion string
	}{
		"launched":     {launch: true, conclusion: "failure"},
		"not launched": {conclusion: "neutral"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, completeFiles)
			if tt.launch {
				f.must(f.st.RecordLaunch(f.ctx, store.Launch{ServiceID: f.service(target, "shop").ID, User: "alice", Source: store.LaunchFromIssue, Number: 1}))
			}
			head := f.gh.push(org, "shop", "feature", with(completeFiles, breaking))
			f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: head}))
			if run := f.gh.state(org, "shop").runs[0]; run.Conclusion != tt.conclusion {
				t.Errorf("conclusion = %s (%q), want %s", run.Conclusion, run.Title, tt.conclusion)
			}
			if f.gh.calls["PostComment"] != 0 {
				t.Error("a pull request opened a regression")
			}
		})
	}
}
