package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

// onboarded is a fixture with one onboarded repository "shop" and its PRC issue, number 1.
func onboarded(t *testing.T, files map[string]string) (*fixture, Target) {
	t.Helper()
	f := newFixture(t)
	target := f.repo("shop", files)
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) {
		r.perms["alice"] = gh.PermMaintain
		r.perms["mallory"] = gh.PermRead
	})
	return f, target
}

// editAs makes login edit issue 1's body and has the reconciler review it.
func (f *fixture) editAs(target Target, login, body string) error {
	f.gh.edit(org, target.Name, func(r *memRepo) { r.issues[0].Body = body })
	return f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: login, Body: body})
}

func TestReviewEdit(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		login, item string
		on          bool
		accepted    bool
		ticked      bool
		comment     string
	}{
		"writer ticks a manual item":   {login: "alice", item: "docs.review", on: true, accepted: true, ticked: true},
		"reader ticks a manual item":   {login: "mallory", item: "docs.review", on: true, comment: "@mallory only people with write, maintain or admin access to acme/shop"},
		"someone ticks an auto item":   {login: "alice", item: "docs.runbook", on: true, comment: "@alice these items are verified automatically"},
		"someone unticks an auto item": {login: "alice", item: "docs.readme", on: false, comment: "- `docs.readme`"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, map[string]string{"README.md": "# x\n"})
			before := f.oneIssue(target).Body
			f.must(f.editAs(target, tt.login, toggle(t, before, tt.item, tt.on)))
			after := f.oneIssue(target).Body
			box := "- [ ]"
			if tt.ticked {
				box = "- [x]"
			}
			if tt.item == "docs.readme" {
				box = "- [x]"
			}
			if !strings.Contains(after, box+" ") || !lineHas(after, tt.item, box) {
				t.Errorf("box of %s is not %s after review:\n%s", tt.item, box, after)
			}
			if c := f.comments(target); tt.comment == "" && c != "" || !strings.Contains(c, tt.comment) {
				t.Errorf("comments %q, want %q", c, tt.comment)
			}
			if tt.item == "docs.review" && (len(f.st.ticks) != 1 || f.st.ticks[0].Accepted != tt.accepted || f.st.ticks[0].User != tt.login) {
				t.Errorf("ticks recorded: %+v", f.st.ticks)
			}
			if tt.ticked && f.service(target, "shop").BodyHash != hashBody(after) {
				t.Error("the store does not know the body the app wrote")
			}
		})
	}
}

func lineHas(body, item, box string) bool {
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "<!-- prc:item "+item+" -->") {
			return strings.HasPrefix(strings.TrimSpace(l), box)
		}
	}
	return false
}

// TestReviewEditIgnores leaves alone what is not a person's change of a box.
func TestReviewEditIgnores(t *testing.T) {
	t.Parallel()
	f, target := onboarded(t, map[string]string{})
	body := f.oneIssue(target).Body
	f.must(f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: "prc[bot]", Body: body}))
	f.must(f.r.ReviewEdit(f.ctx, target, Edit{Number: 42, Sender: "alice", Body: "not ours"}))
	f.must(f.editAs(target, "alice", body+"\n\nA note from alice."))
	if f.gh.calls["EditIssue"] != 0 || f.gh.calls["Comment"] != 0 || len(f.st.ticks) != 0 {
		t.Errorf("%d edits, %d comments, ticks %+v", f.gh.calls["EditIssue"], f.gh.calls["Comment"], f.st.ticks)
	}
	f.must(f.r.ReviewEdit(f.ctx, Target{InstallationID: f.inst, Owner: org, Name: "gone"}, Edit{Number: 1}))
}

// TestReviewEditOfBrokenBody rebuilds a body whose markers a person deleted.
func TestReviewEditOfBrokenBody(t *testing.T) {
	t.Parallel()
	f, target := onboarded(t, map[string]string{})
	f.must(f.editAs(target, "alice", "gone"))
	if !strings.Contains(f.oneIssue(target).Body, "<!-- prc:item docs.readme -->") {
		t.Error("the body was not rebuilt")
	}
}

func TestReviewEditErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]fault{
		"permission": {gh: "Permission"},
		"comment":    {gh: "Comment"},
		"edit":       {gh: "EditIssue"},
		"ticks":      {st: "Ticks"},
		"services":   {st: "Services"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, map[string]string{})
			body := toggle(t, f.oneIssue(target).Body, "docs.review", true)
			login := "alice"
			if tt.gh == "Comment" {
				login = "mallory"
			}
			f.gh.edit(org, target.Name, func(r *memRepo) { r.issues[0].Body = body })
			f.failOn(tt, boom)
			if err := f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: login, Body: body}); !errors.Is(err, boom) {
				t.Errorf("err = %v, want boom", err)
			}
		})
	}
}

func TestLaunch(t *testing.T) {
	t.Parallel()
	complete := map[string]string{"README.md": "# x\n", "RUNBOOK.md": "# run\n"}
	tests := map[string]struct {
		files       map[string]string
		tick        bool
		pullRequest bool
		wantLabel   bool
		wantLaunch  string
	}{
		"incomplete issue":     {files: map[string]string{"README.md": "# x\n"}},
		"manual item not done": {files: complete},
		"complete issue":       {files: complete, tick: true, wantLabel: true, wantLaunch: store.LaunchFromIssue},
		"complete pull":        {files: complete, tick: true, pullRequest: true, wantLabel: true, wantLaunch: store.LaunchFromPullRequest},
		"incomplete pull":      {files: complete, pullRequest: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target := onboarded(t, tt.files)
			if tt.tick {
				f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
			}
			number := 1
			f.gh.edit(org, "shop", func(r *memRepo) {
				r.prs[1000] = &gh.PullRequest{Number: 1000, Labels: []string{"launch"}}
				r.issues[0].Labels = append(r.issues[0].Labels, "launch")
			})
			if tt.pullRequest {
				number = 1000
			}
			f.must(f.r.Launch(f.ctx, target, LaunchRequest{Number: number, PullRequest: tt.pullRequest, Sender: "alice"}))
			labels, _ := f.gh.labelsLocked(org, "shop", number)
			if got := strings.Contains(strings.Join(*labels, ","), "launch"); got != tt.wantLabel {
				t.Errorf("launch label kept: %v, want %v", got, tt.wantLabel)
			}
			c := f.comments(target)
			if !tt.wantLabel && (!strings.Contains(c, "@alice prc removed the `launch` label") || !strings.Contains(c, "`docs.review` Reviewed by SRE (todo)")) {
				t.Errorf("refusal comment = %q", c)
			}
			if tt.wantLaunch == "" && len(f.st.launches) != 0 || tt.wantLaunch != "" && (len(f.st.launches) != 1 || f.st.launches[0].Source != tt.wantLaunch) {
				t.Errorf("launches %+v, want one from %q", f.st.launches, tt.wantLaunch)
			}
			if says := strings.Contains(f.oneIssue(target).Body, "Launched"); says != (tt.wantLaunch != "") {
				t.Errorf("issue says launched: %v, want %v:\n%s", says, tt.wantLaunch != "", f.oneIssue(target).Body)
			}
		})
	}
}

func TestLaunchOfUnknownIssue(t *testing.T) {
	t.Parallel()
	f, target := onboarded(t, map[string]string{})
	f.must(f.r.Launch(f.ctx, target, LaunchRequest{Number: 77, Sender: "alice"}))
	if f.gh.calls["RemoveLabel"] != 0 || len(f.st.launches) != 0 {
		t.Error("a launch label on an issue that is not a PRC issue was acted on")
	}
	f.st.fail["SaveEvaluation"] = errors.New("boom")
	if err := f.r.Launch(f.ctx, target, LaunchRequest{Number: 1, Sender: "alice"}); err == nil {
		t.Error("a failed evaluation save was ignored")
	}
}

// TestPeopleDoingUnexpectedThings covers the three cases of the App issue's section 8 end to end
// at the use-case level: a closed issue stays closed while pull-request checks continue, a body
// without markers is rebuilt with its ticks, and a deleted issue comes back.
func TestPeopleDoingUnexpectedThings(t *testing.T) {
	t.Parallel()
	t.Run("closed issue, checks continue", func(t *testing.T) {
		t.Parallel()
		f, target := onboarded(t, map[string]string{})
		f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].State = "closed" })
		f.must(f.r.IssueClosed(f.ctx, target, 1))
		f.must(f.r.PullRequestCheck(f.ctx, target, PullCheck{HeadSHA: "main"}))
		if runs := f.gh.state(org, "shop").runs; len(runs) != 1 || f.oneIssue(target).State != "closed" {
			t.Errorf("check runs %d, issue %s", len(runs), f.oneIssue(target).State)
		}
	})
	t.Run("markers deleted, ticks kept", func(t *testing.T) {
		t.Parallel()
		f, target := onboarded(t, map[string]string{})
		f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
		f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].Body = "markers gone" })
		f.must(f.r.Repository(f.ctx, target, false))
		if body := f.oneIssue(target).Body; !lineHas(body, "docs.review", "- [x]") || !strings.Contains(f.comments(target), "1 ticked manual item(s) were kept") {
			t.Errorf("rebuilt body lost the tick, or no comment %q:\n%s", f.comments(target), body)
		}
	})
}
