package checklist_test

import (
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestApplyTickLinks(t *testing.T) {
	t.Parallel()
	manual := func(id string, evidence bool) checklist.Result {
		return checklist.Result{ID: id, Kind: checklist.KindManual, Required: true, EvidenceRequired: evidence, Link: "stale", TickedBeforeEvidence: true}
	}
	s := checklist.ServiceReport{Items: []checklist.Result{
		manual("plan.linked", true),
		manual("plan.predates", true),
		manual("plan.plain", false),
		manual("plan.todo", true),
		{ID: "auto.ci", Kind: checklist.KindAuto, Status: verdict.Pass, Link: "stale"},
	}}
	done := map[string]bool{"plan.linked": true, "plan.predates": true, "plan.plain": true}
	s.ApplyTicks(func(id string) bool { return done[id] })
	s.ApplyTickLinks(map[string]string{"plan.linked": "https://wiki.example/plan", "plan.todo": "https://ignored.example"})
	cases := map[string]struct {
		link     string
		predates bool
	}{
		"plan.linked":   {link: "https://wiki.example/plan"},
		"plan.predates": {predates: true},
		"plan.plain":    {},
		"plan.todo":     {},
		"auto.ci":       {},
	}
	for _, r := range s.Items {
		t.Run(r.ID, func(t *testing.T) {
			want := cases[r.ID]
			if r.Link != want.link || r.TickedBeforeEvidence != want.predates {
				t.Errorf("link %q, ticked before evidence %v; want %q, %v", r.Link, r.TickedBeforeEvidence, want.link, want.predates)
			}
		})
	}
}
