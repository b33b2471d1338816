package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

func TestPullRequestCheck(t *testing.T) {
	t.Parallel()
	base := map[string]string{"README.md": "# x\n"}
	tests := map[string]struct {
		head       map[string]string
		launch     string // "pr", "issue" or ""
		noBase     bool
		conclusion string
		summary    string
	}{
		"regresses":          {head: map[string]string{"deploy/app.yaml": "image: x:latest\n"}, conclusion: "neutral", summary: "regresses docs.readme, security.no-latest"},
		"fixes":              {head: map[string]string{"README.md": "# x\n", "RUNBOOK.md": "# r\n"}, conclusion: "neutral", summary: "fixes docs.runbook"},
		"launch on the pull": {head: base, launch: "pr", conclusion: "failure", summary: "The `launch` label is set"},
		"launch on an issue": {head: base, launch: "issue", conclusion: "failure", summary: "The `launch` label is set"},
		"base is gone":       {head: base, noBase: true, conclusion: "neutral", summary: "2/4 required items satisfied\n\n| Section"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, base)
			head := f.gh.push(org, "shop", "feature", tt.head)
			pc := PullCheck{HeadSHA: head, Numbers: []int{1000, 1001}}
			f.gh.edit(org, "shop", func(r *memRepo) {
				r.prs[1000] = &gh.PullRequest{Number: 1000}
				switch tt.launch {
				case "pr":
					r.prs[1000].Labels = []string{"launch"}
				case "issue":
					r.issues[0].Labels = append(r.issues[0].Labels, "launch")
				}
			})
			if tt.noBase {
				pc.BaseSHA = "0000000000000000000000000000000000000000"
			}
			f.must(f.r.PullRequestCheck(f.ctx, target, pc))
			runs := f.gh.state(org, "shop").runs
			if len(runs) != 1 || runs[0].Name != "readiness" || runs[0].HeadSHA != head || runs[0].Status != "completed" {
				t.Fatalf("check runs %+v", runs)
			}
			if runs[0].Conclusion != tt.conclusion || !strings.Contains(runs[0].Summary, tt.summary) {
				t.Errorf("conclusion %s, summary:\n%s", runs[0].Conclusion, runs[0].Summary)
			}
		})
	}
}

func TestPullRequestCheckAnnotates(t *testing.T) {
	t.Parallel()
	f, target := onboarded(t, map[string]string{"README.md": "# x\n"})
	head := f.gh.push(org, "shop", "feature", map[string]string{"README.md": "# x\n", "deploy/app.yaml": "a: 1\nimage: x:latest\n"})
	f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: head}))
	f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: head}))
	runs := f.gh.state(org, "shop").runs
	if len(runs) != 1 {
		t.Fatalf("a re-run made %d check runs", len(runs))
	}
	a := runs[0].Annotations
	if len(a) != 1 || a[0].Path != "deploy/app.yaml" || a[0].Line != 2 || !strings.Contains(runs[0].Text, "Fix: pin image tags") {
		t.Errorf("annotations %+v, text:\n%s", a, runs[0].Text)
	}
}

func TestPullRequestCheckErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]fault{
		"pull request": {gh: "PullRequest"},
		"issue":        {gh: "Issue"},
		"upsert":       {gh: "UpsertCheckRun"},
		"tree":         {gh: "ReadTree"},
		"repo config":  {gh: "ReadFile"},
		"services":     {st: "Services"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, map[string]string{})
			f.gh.edit(org, "shop", func(r *memRepo) { r.prs[1000] = &gh.PullRequest{Number: 1000} })
			f.failOn(tt, boom)
			if err := f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: "main", Numbers: []int{1000}}); !errors.Is(err, boom) {
				t.Errorf("err = %v, want boom", err)
			}
		})
	}
	f := newFixture(t)
	f.st.installations[f.inst] = store.Installation{ID: f.inst, Suspended: true}
	if err := f.r.PullRequestCheck(f.ctx, f.repo("shop", nil), PullCheck{HeadSHA: "main"}); err != nil || f.gh.calls["UpsertCheckRun"] != 0 {
		t.Errorf("a suspended installation got a check run (err %v)", err)
	}
}

// TestPullRequestCheckEscapesTheRepository names a file to mention, reference and link: the
// check run shows it without doing any of that, and annotates the file by its real path.
func TestPullRequestCheckEscapesTheRepository(t *testing.T) {
	t.Parallel()
	const hostile = "deploy/@octocat #12 <b> www.x.example.yaml"
	f, target := onboarded(t, map[string]string{})
	head := f.gh.push(org, "shop", "feature", map[string]string{hostile: "image: x:latest\n"})
	f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: head}))
	run := f.gh.state(org, "shop").runs[0]
	for _, bad := range []string{"@octocat", "#12", "<b>", "www."} {
		if strings.Contains(run.Text, bad) || strings.Contains(run.Summary, bad) {
			t.Errorf("the check run carries %q:\n%s", bad, run.Text)
		}
	}
	if len(run.Annotations) != 1 || run.Annotations[0].Path != hostile {
		t.Errorf("annotations %+v, want one at the file's real path", run.Annotations)
	}
}
