package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

// evidenceChecklist is the test checklist at version 2, where docs.review asks for evidence.
var evidenceChecklist = strings.Replace(strings.Replace(testChecklist, `version: "1"`, `version: "2"`, 1),
	"title: Reviewed by SRE\n        kind: manual\n", "title: Reviewed by SRE\n        kind: manual\n        evidence: required\n", 1)

// withEvidence is onboarded with the checklist whose docs.review asks for evidence.
func withEvidence(t *testing.T) (*fixture, Target) {
	t.Helper()
	f := newFixture(t)
	f.pushOrg(map[string]string{OrgChecklistPath: evidenceChecklist})
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) {
		r.perms["alice"] = gh.PermMaintain
		r.perms["mallory"] = gh.PermRead
	})
	return f, target
}

// withLink puts link on item's line of body.
func withLink(body, item, link string) string {
	marker := "<!-- prc:item " + item + " -->"
	return strings.Replace(body, marker, link+" "+marker, 1)
}

func (f *fixture) ticksOf(item string) []store.Tick {
	var out []store.Tick
	for _, tk := range f.st.ticks {
		if tk.Item == item {
			out = append(out, tk)
		}
	}
	return out
}

// TestTickWithoutLinkIsLeftUnticked: a writer's tick without a link is refused, the box
// re-rendered unticked, and the link asked for once, however often the edit is reviewed.
func TestTickWithoutLinkIsLeftUnticked(t *testing.T) {
	t.Parallel()
	f, target := withEvidence(t)
	ticked := toggle(t, f.oneIssue(target).Body, "docs.review", true)
	for range 2 { // a retried delivery reviews the same edit again
		f.must(f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: "alice", Body: ticked}))
	}
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].Body = ticked })
	f.must(f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: "alice", Body: ticked})) // and again, on the ticked body
	if body := f.oneIssue(target).Body; !lineHas(body, "docs.review", "- [ ]") {
		t.Errorf("docs.review is ticked:\n%s", body)
	}
	if c := f.gh.state(org, "shop").comments[1]; len(c) != 1 || !strings.Contains(c[0], "@alice these items count only with a link") || !strings.Contains(c[0], "`docs.review`") {
		t.Errorf("want one comment asking alice for a link, got %q", c)
	}
	if ticks := f.ticksOf("docs.review"); len(ticks) != 1 || ticks[0].Accepted || ticks[0].Refusal != store.RefusedNoLink || ticks[0].User != "alice" {
		t.Errorf("ticks = %+v, want one refused for want of a link", ticks)
	}
}

// TestTickWithLinkIsAccepted: the link is recorded with the tick and shown on the item's line,
// and a later tick without a link, after an untick, is asked about again.
func TestTickWithLinkIsAccepted(t *testing.T) {
	t.Parallel()
	f, target := withEvidence(t)
	const link = "https://wiki.example.com/reviews/shop"
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	f.must(f.editAs(target, "alice", withLink(toggle(t, f.oneIssue(target).Body, "docs.review", true), "docs.review", link)))
	body := f.oneIssue(target).Body
	if !lineHas(body, "docs.review", "- [x]") || !strings.Contains(body, "evidence: <"+link+">") {
		t.Errorf("docs.review not ticked with its link:\n%s", body)
	}
	ticks := f.ticksOf("docs.review")
	if len(ticks) != 2 || !ticks[1].Accepted || ticks[1].Link != link {
		t.Fatalf("ticks = %+v, want the refused one, then one accepted with the link", ticks)
	}
	f.must(f.editAs(target, "alice", toggle(t, body, "docs.review", false)))
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	if c := f.gh.state(org, "shop").comments[1]; len(c) != 2 {
		t.Errorf("want a second request after the untick, got %q", c)
	}
}

// TestTickOfReaderIsRevertedForAccess: a person without write access learns that first; the
// link is not asked for.
func TestTickOfReaderIsRevertedForAccess(t *testing.T) {
	t.Parallel()
	f, target := withEvidence(t)
	f.must(f.editAs(target, "mallory", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	if c := f.comments(target); !strings.Contains(c, "only people with write") || strings.Contains(c, "count only with a link") {
		t.Errorf("comments = %q", c)
	}
}

// TestEvidenceRequestSurvivesFailures: when the comment fails nothing is recorded, so the retry
// asks; when the re-render fails after asking, the retry does not ask again.
func TestEvidenceRequestSurvivesFailures(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"Comment", "EditIssue"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			f, target := withEvidence(t)
			ticked := toggle(t, f.oneIssue(target).Body, "docs.review", true)
			f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].Body = ticked })
			boom := errors.New("boom")
			f.gh.fail[method] = boom
			if err := f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: "alice", Body: ticked}); !errors.Is(err, boom) {
				t.Fatalf("err = %v, want boom", err)
			}
			delete(f.gh.fail, method)
			f.must(f.r.ReviewEdit(f.ctx, target, Edit{Number: 1, Sender: "alice", Body: ticked}))
			if c := f.gh.state(org, "shop").comments[1]; len(c) != 1 {
				t.Errorf("want one request, got %q", c)
			}
			if !lineHas(f.oneIssue(target).Body, "docs.review", "- [ ]") {
				t.Error("docs.review stayed ticked")
			}
		})
	}
}

// TestTicksBeforeEvidenceStayAccepted: a checklist version that starts asking for evidence keeps
// the earlier tick, says so on its line and in the migration comment.
func TestTicksBeforeEvidenceStayAccepted(t *testing.T) {
	t.Parallel()
	f, target := onboarded(t, map[string]string{"README.md": "# x\n"})
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	f.pushOrg(map[string]string{OrgChecklistPath: evidenceChecklist})
	f.must(f.r.Repository(f.ctx, target, false))
	body := f.oneIssue(target).Body
	if !lineHas(body, "docs.review", "- [x]") || !strings.Contains(body, "_ticked before evidence was required_") {
		t.Errorf("the earlier tick is not kept with its note:\n%s", body)
	}
	if c := f.comments(target); !strings.Contains(c, "version 1 to version 2") || !strings.Contains(c, "**Ticked before evidence was required**") {
		t.Errorf("migration comment = %q", c)
	}
}
