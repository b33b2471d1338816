package dashboard

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// overview is a stored service whose saved evaluation holds items, as the reconciler saves it.
func overview(t *testing.T, owner, repo, tier string, launched bool, items ...checklist.Result) store.Overview {
	t.Helper()
	sr := checklist.ServiceReport{Name: repo, Tier: checklist.Tier(tier), Items: items}
	sr.Summary.Ready = true
	for _, it := range items {
		sr.Summary.Ready = sr.Summary.Ready && !it.Blocking()
	}
	data, err := json.Marshal(saved{Report: &checklist.Report{Checklist: checklist.Info{Version: "2"}, Services: []checklist.ServiceReport{sr}},
		LinkBase: "https://github.example/" + owner + "/" + repo + "/blob/main/"})
	if err != nil {
		t.Fatal(err)
	}
	return store.Overview{Service: store.Service{Name: repo, IssueNumber: 3, Evaluation: data, UpdatedAt: time.Unix(1e9, 0).UTC()},
		Owner: owner, Repo: repo, Launched: launched}
}

func item(id string, status verdict.Status, required bool) checklist.Result {
	return checklist.Result{ID: id, Section: strings.Split(id, ".")[0], Status: status, Required: required}
}

func TestNewServiceReadiness(t *testing.T) {
	o := overview(t, "acme", "api", "critical", false,
		item("docs.readme", verdict.Pass, true), item("docs.runbook", verdict.Fail, true),
		item("ops.oncall", verdict.Todo, true), item("ops.game-day", verdict.Fail, false), item("sec.scan", verdict.Waived, true))
	var sv saved
	if err := json.Unmarshal(o.Evaluation, &sv); err != nil {
		t.Fatal(err)
	}
	s := newService(o, sv, "https://github.example")
	if s.Readiness != 50 || s.Ready || !reflect.DeepEqual(s.Failing, []string{"docs.runbook", "ops.oncall"}) {
		t.Errorf("readiness %v ready %v failing %v; want 50, false, [docs.runbook ops.oncall]", s.Readiness, s.Ready, s.Failing)
	}
	if s.IssueURL != "https://github.example/acme/api/issues/3" || s.ChecklistVersion != "2" || s.Tier != "critical" {
		t.Errorf("service = %+v", s)
	}
	s.Service = "pay ments?#"
	if got := s.Path(); got != "/services/acme/api/pay%20ments%3F%23" {
		t.Errorf("path = %q", got)
	}
	if got := s.evidenceLink("deploy/a b.yaml", 7); got != "https://github.example/acme/api/blob/main/deploy/a%20b.yaml#L7" {
		t.Errorf("evidence link = %q", got)
	}
}

func TestFilterAndSort(t *testing.T) {
	mk := func(owner, repo, tier string, launched bool, items ...checklist.Result) Service {
		o := overview(t, owner, repo, tier, launched, items...)
		var sv saved
		_ = json.Unmarshal(o.Evaluation, &sv)
		return newService(o, sv, "")
	}
	all := []Service{
		mk("acme", "web", "standard", true, item("docs.readme", verdict.Pass, true)),
		mk("acme", "api", "critical", false, item("docs.readme", verdict.Fail, true), item("ops.oncall", verdict.Pass, true)),
		mk("beta", "db", "standard", false, item("ops.oncall", verdict.Todo, true)),
	}
	tests := map[string]struct {
		f    Filter
		want string
	}{
		"by name":            {Filter{}, "acme/api,acme/web,beta/db"},
		"org":                {Filter{Org: "ACME"}, "acme/api,acme/web"},
		"tier":               {Filter{Tier: "standard"}, "acme/web,beta/db"},
		"section":            {Filter{Section: "ops"}, "beta/db"},
		"failing item":       {Filter{Failing: "docs.readme"}, "acme/api"},
		"launched":           {Filter{Launch: "launched"}, "acme/web"},
		"not launched":       {Filter{Launch: "not"}, "acme/api,beta/db"},
		"readiness":          {Filter{Sort: "readiness"}, "beta/db,acme/api,acme/web"},
		"readiness desc":     {Filter{Sort: "readiness", Desc: true}, "acme/web,acme/api,beta/db"},
		"tier then name":     {Filter{Sort: "tier"}, "acme/api,acme/web,beta/db"},
		"filters and a sort": {Filter{Org: "acme", Sort: "readiness"}, "acme/api,acme/web"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, s := range tc.f.apply(append([]Service(nil), all...)) {
				got = append(got, s.Owner+"/"+s.Repo)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
}

func TestFilterLinksKeepTheOtherFields(t *testing.T) {
	f := Filter{Org: "acme", Tier: "critical", Sort: "readiness"}
	if got := f.with("failing", "docs.readme"); got != "/?failing=docs.readme&org=acme&sort=readiness&tier=critical" {
		t.Errorf("with failing = %q", got)
	}
	if got := f.with("tier", ""); got != "/?org=acme&sort=readiness" {
		t.Errorf("without tier = %q", got)
	}
}

func TestChartPoints(t *testing.T) {
	c := newChart("acme", []store.ReadinessDay{{Org: "acme", Day: "2026-03-01", Services: 4, Ready: 0}, {Org: "acme", Day: "2026-03-02", Services: 4, Ready: 4}})
	if c.Points != "0.0,80.0 300.0,0.0" || c.Latest != "4 of 4 services ready" || len(c.Dots) != 2 || c.Dots[0].Title != "2026-03-01: 0 of 4 ready" {
		t.Errorf("chart = %+v", c)
	}
	if one := newChart("acme", []store.ReadinessDay{{Services: 0}}); one.Points != "150.0,80.0" {
		t.Errorf("a single day with no services = %q", one.Points)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1240: "1,240", 5000: "5,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
