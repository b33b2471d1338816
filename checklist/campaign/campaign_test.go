package campaign_test

import (
	"testing"
	"time"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/campaign"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/prchq/prc/checklist/verdict"
)

var (
	q1 = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	q2 = time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
)

func service(tier checklist.Tier, statuses map[string]verdict.Status) checklist.ServiceReport {
	s := checklist.ServiceReport{Name: "api", Tier: tier}
	for _, id := range []string{"monitoring.slo", "monitoring.alerts", "docs.readme"} {
		if st, ok := statuses[id]; ok {
			s.Items = append(s.Items, checklist.Result{ID: id, Status: st})
		}
	}
	return s
}

func TestAppliesAndDone(t *testing.T) {
	slo := orgconfig.Campaign{ID: "slo", Items: []string{"monitoring.slo", "monitoring.alerts"}, Tiers: []string{"critical"}, Topics: []string{"payments"}, Deadline: q1}
	v3 := orgconfig.Campaign{ID: "v3", ChecklistVersion: "3", Tiers: []string{"critical"}, Deadline: q2}
	failing := map[string]verdict.Status{"monitoring.slo": verdict.Fail, "monitoring.alerts": verdict.Pass, "docs.readme": verdict.Pass}
	fixed := map[string]verdict.Status{"monitoring.slo": verdict.Waived, "monitoring.alerts": verdict.Pass}
	cases := map[string]struct {
		c             orgconfig.Campaign
		svc           checklist.ServiceReport
		topics        []string
		version       string
		applies, done bool
	}{
		"matches, failing":      {slo, service(checklist.TierCritical, failing), []string{"Payments"}, "2", true, false},
		"matches, fixed":        {slo, service(checklist.TierCritical, fixed), []string{"payments"}, "2", true, true},
		"other tier":            {slo, service(checklist.TierStandard, failing), []string{"payments"}, "2", false, false},
		"no topic":              {slo, service(checklist.TierCritical, failing), nil, "2", false, false},
		"has none of its items": {slo, service(checklist.TierCritical, map[string]verdict.Status{"docs.readme": verdict.Fail}), []string{"payments"}, "2", false, true},
		"old version":           {v3, service(checklist.TierCritical, failing), nil, "2", true, false},
		"on the version":        {v3, service(checklist.TierCritical, failing), nil, "3", true, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := campaign.Applies(tc.c, tc.svc, tc.topics); got != tc.applies {
				t.Errorf("Applies = %v, want %v", got, tc.applies)
			}
			if got := campaign.Done(tc.c, tc.svc, tc.version); got != tc.done {
				t.Errorf("Done = %v, want %v", got, tc.done)
			}
		})
	}
}

func TestDueTakesTheEarliestDeadline(t *testing.T) {
	cs := []orgconfig.Campaign{
		{ID: "late", Items: []string{"monitoring.slo", "monitoring.alerts"}, Deadline: q2},
		{ID: "early", Items: []string{"monitoring.slo"}, Deadline: q1},
		{ID: "elsewhere", Items: []string{"docs.readme"}, Tiers: []string{"experimental"}, Deadline: q1},
	}
	svc := service(checklist.TierCritical, map[string]verdict.Status{"monitoring.slo": verdict.Fail, "monitoring.alerts": verdict.Pass, "docs.readme": verdict.Fail})
	got := campaign.Due(cs, svc, nil)
	if len(got) != 2 || !got["monitoring.slo"].Equal(q1) || !got["monitoring.alerts"].Equal(q2) {
		t.Errorf("Due = %v", got)
	}
	if got := campaign.Due(cs[2:], svc, nil); got != nil {
		t.Errorf("Due with no campaign applying = %v, want nil", got)
	}
}
