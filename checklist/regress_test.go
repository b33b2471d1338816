package checklist_test

import (
	"slices"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestRegressed(t *testing.T) {
	t.Parallel()
	item := func(id string, kind checklist.Kind, required bool, st verdict.Status) checklist.Result {
		return checklist.Result{ID: id, Kind: kind, Required: required, Status: st}
	}
	auto, manual := checklist.KindAuto, checklist.KindManual
	tests := map[string]struct {
		before, after []checklist.Result
		want          []string
	}{
		"a passing required auto item fails": {
			before: []checklist.Result{item("a.x", auto, true, verdict.Pass)},
			after:  []checklist.Result{item("a.x", auto, true, verdict.Fail)}, want: []string{"a.x"}},
		"a waived item errors": {
			before: []checklist.Result{item("a.x", auto, true, verdict.Waived)},
			after:  []checklist.Result{item("a.x", auto, true, verdict.Error)}, want: []string{"a.x"}},
		"already failing": {
			before: []checklist.Result{item("a.x", auto, true, verdict.Fail)},
			after:  []checklist.Result{item("a.x", auto, true, verdict.Fail)}},
		"optional": {
			before: []checklist.Result{item("a.x", auto, false, verdict.Pass)},
			after:  []checklist.Result{item("a.x", auto, false, verdict.Fail)}},
		"manual": {
			before: []checklist.Result{item("a.x", manual, true, verdict.Done)},
			after:  []checklist.Result{item("a.x", manual, true, verdict.Todo)}},
		"new item": {
			after: []checklist.Result{item("a.x", auto, true, verdict.Fail)}},
		"recovered": {
			before: []checklist.Result{item("a.x", auto, true, verdict.Fail)},
			after:  []checklist.Result{item("a.x", auto, true, verdict.Pass)}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, r := range checklist.Regressed(checklist.ServiceReport{Items: tc.before}, checklist.ServiceReport{Items: tc.after}) {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Regressed = %v, want %v", got, tc.want)
			}
		})
	}
}
