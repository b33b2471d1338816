package dashboard

import (
	"encoding/json"
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

func TestRegressedServices(t *testing.T) {
	tests := map[string]struct {
		regressed bool
		marks     map[string]string
		wantSince string
	}{
		"regressed":              {regressed: true, marks: map[string]string{"docs.readme": "abc1234"}, wantSince: "abc1234"},
		"recovered, stale marks": {marks: map[string]string{"docs.readme": "abc1234"}},
		"never regressed":        {},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			o := overview(t, "acme", "api", "critical", true, item("docs.readme", verdict.Fail, true))
			o.Regressed = tc.regressed
			var sv saved
			if err := json.Unmarshal(o.Evaluation, &sv); err != nil {
				t.Fatal(err)
			}
			sv.Regressed = tc.marks
			s := newService(o, sv, "")
			if s.Regressed != tc.regressed || s.regressedSince["docs.readme"] != tc.wantSince {
				t.Errorf("Regressed %v since %q, want %v since %q", s.Regressed, s.regressedSince["docs.readme"], tc.regressed, tc.wantSince)
			}
			kept := len(Filter{Launch: "regressed"}.apply([]Service{s})) == 1
			if kept != tc.regressed {
				t.Errorf("the regressed filter keeps it: %v, want %v", kept, tc.regressed)
			}
			data, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]any
			if err := json.Unmarshal(data, &fields); err != nil || fields["regressed"] != tc.regressed {
				t.Errorf("JSON %s lacks regressed: %v", data, tc.regressed)
			}
		})
	}
}
