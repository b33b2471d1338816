package render

import (
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestMdLink(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in       string
		autolink bool
	}{
		"address":        {"https://wiki.example.com/plan?q=1#a", true},
		"not one link":   {"https://a.example.com x", false},
		"markup inside":  {"https://a.example.com/<b>", false},
		"other scheme":   {"javascript:alert(1)", false},
		"no host":        {"https:///x", false},
		"trailing angle": {"https://a.example.com>", false},
		"too long":       {"https://a.example.com/" + strings.Repeat("a", maxShownLink), false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := mdLink(tt.in)
			if tt.autolink && got != "<"+tt.in+">" || !tt.autolink && strings.HasPrefix(got, "<") {
				t.Errorf("mdLink(%q) = %q, want an autolink: %v", tt.in, got, tt.autolink)
			}
		})
	}
}

// TestIssueBodyShowsTickEvidence: a done item's line carries its link, which reads back as the
// line's link, or says that its tick predates the rule.
func TestIssueBodyShowsTickEvidence(t *testing.T) {
	t.Parallel()
	item := func(id string) checklist.Result {
		return checklist.Result{ID: id, Section: "capacity", Title: "Plan " + id, Kind: checklist.KindManual, Status: verdict.Done, Required: true, EvidenceRequired: true}
	}
	linked, old := item("capacity.plan"), item("resilience.game-day")
	linked.Link = "https://wiki.example.com/plan"
	old.TickedBeforeEvidence = true
	rep := &checklist.Report{Checklist: checklist.Info{Name: "c", Version: "3"},
		Services: []checklist.ServiceReport{{Name: "api", Path: ".", Tier: checklist.TierStandard, Items: []checklist.Result{linked, old}}}}
	body, err := IssueBody(rep, "api", Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseBody(body)
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := p.Item("capacity.plan")
	if !plan.Checked || len(plan.Links) != 1 || plan.Links[0] != linked.Link || !strings.Contains(body, "evidence: <https://wiki.example.com/plan>") {
		t.Errorf("capacity.plan reads back as %+v:\n%s", plan, body)
	}
	if got, _ := JudgeTick(&checklist.Item{ID: plan.ID, Title: linked.Title, Kind: checklist.KindManual, EvidenceRequired: true}, plan); got != TickAccepted {
		t.Errorf("the rendered line judges %v, want accepted", got)
	}
	drill, _ := p.Item("resilience.game-day")
	lines := strings.Split(body, "\n")
	if line := lines[drill.Line-1]; !drill.Checked || !strings.Contains(line, "_ticked before evidence was required_") {
		t.Errorf("resilience.game-day line: %s", line)
	}
}

func TestMigrationCommentNamesTicksBeforeEvidence(t *testing.T) {
	t.Parallel()
	c := &checklist.Checklist{Name: "c", Version: "3", Sections: []checklist.Section{{ID: "capacity", Items: []*checklist.Item{
		{ID: "capacity.plan", Kind: checklist.KindManual, EvidenceRequired: true},
		{ID: "capacity.game-day", Kind: checklist.KindManual, EvidenceRequired: true},
		{ID: "capacity.linked", Kind: checklist.KindManual, EvidenceRequired: true},
		{ID: "capacity.review", Kind: checklist.KindManual},
	}}}}
	old := Parsed{Meta: Meta{Version: "2"}, Items: []ParsedItem{
		{ID: "capacity.plan", Box: true, Checked: true},
		{ID: "capacity.game-day", Box: true},
		{ID: "capacity.linked", Box: true, Checked: true, Links: []string{"https://x.example.com"}},
		{ID: "capacity.review", Box: true, Checked: true},
	}}
	got := MigrationComment(old, c, "3")
	want := "**Ticked before evidence was required** (the ticks stay accepted; new ticks need a link):\n- `capacity.plan`\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("comment:\n%s\nwant it to end with:\n%s", got, want)
	}
	old.Items[0].Checked = false
	if got := MigrationComment(old, c, "3"); strings.Contains(got, "before evidence") {
		t.Errorf("no tick predates the rule, yet:\n%s", got)
	}
}

func TestEvidenceRequestComment(t *testing.T) {
	t.Parallel()
	got := EvidenceRequestComment("alice", []string{"capacity.plan"})
	if !strings.HasPrefix(got, "@alice ") || !strings.Contains(got, "- `capacity.plan`\n") || !strings.Contains(got, "unticked") {
		t.Errorf("comment:\n%s", got)
	}
	if got := EvidenceRequestComment("not a login!", []string{"capacity.plan"}); strings.Contains(got, "@") {
		t.Errorf("mentions a non-login:\n%s", got)
	}
}
