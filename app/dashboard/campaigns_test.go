package dashboard

import (
	"testing"

	"github.com/prchq/prc/app/report"
)

func TestCampaignChartSpansToTheDeadline(t *testing.T) {
	tests := map[string]struct {
		c           report.Campaign
		total, done string
		overdue     []overdueService
	}{
		"two days of ten": {
			c:     report.Campaign{Deadline: "2027-03-11", BurnUp: []report.Day{{Day: "2027-03-01", Done: 0, Total: 2}, {Day: "2027-03-02", Done: 1, Total: 4}}},
			total: "0.0,40.0 30.0,0.0", done: "0.0,80.0 30.0,60.0",
		},
		"past the deadline": {
			c: report.Campaign{Deadline: "2027-03-02", BurnUp: []report.Day{{Day: "2027-03-01", Total: 1}, {Day: "2027-03-02", Total: 1}},
				Overdue: []report.ServiceRef{{Owner: "acme", Repo: "a b", Service: "x/y"}}},
			total: "0.0,0.0 300.0,0.0", done: "0.0,80.0 300.0,80.0",
			overdue: []overdueService{{Name: "acme/a b x/y", Path: "/services/acme/a%20b/x%2Fy"}},
		},
		"no services": {c: report.Campaign{Deadline: "2027-03-02", BurnUp: []report.Day{}}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			ch := newCampaignChart(tt.c)
			if ch.Total != tt.total || ch.Done != tt.done {
				t.Errorf("points = %q / %q, want %q / %q", ch.Total, ch.Done, tt.total, tt.done)
			}
			if len(ch.Overdue) != len(tt.overdue) || (len(tt.overdue) > 0 && ch.Overdue[0] != tt.overdue[0]) {
				t.Errorf("overdue = %+v, want %+v", ch.Overdue, tt.overdue)
			}
		})
	}
}
