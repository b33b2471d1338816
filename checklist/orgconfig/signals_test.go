package orgconfig_test

import (
	"testing"
	"time"

	"github.com/prchq/prc/checklist/orgconfig"
)

func TestLaunchSignals(t *testing.T) {
	cfg, err := orgconfig.Parse("c.yml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.Launch
	topics := []struct {
		in    []string
		state orgconfig.LaunchState
		via   string
	}{
		{nil, orgconfig.NotLaunching, ""},
		{[]string{"go", "launching"}, orgconfig.Launching, "launching"},
		{[]string{"launching", "Production"}, orgconfig.Launched, "Production"},
	}
	for _, tc := range topics {
		if s, via := l.FromTopics(tc.in); s != tc.state || via != tc.via {
			t.Errorf("FromTopics(%v) = %q %q", tc.in, s, via)
		}
	}
	props := []struct {
		in    map[string]string
		state orgconfig.LaunchState
	}{
		{map[string]string{}, orgconfig.NotLaunching},
		{map[string]string{"lifecycle": "beta"}, orgconfig.Launching},
		{map[string]string{"lifecycle": "ga"}, orgconfig.Launched},
		{map[string]string{"lifecycle": "retired"}, orgconfig.NotLaunching},
	}
	for _, tc := range props {
		if s, _ := l.FromProperties(tc.in); s != tc.state {
			t.Errorf("FromProperties(%v) = %q", tc.in, s)
		}
	}
	if got := l.Tier(map[string]string{"service-tier": "critical"}); got != "critical" {
		t.Errorf("Tier = %q", got)
	}
	if s, _ := (orgconfig.Launch{}).FromProperties(map[string]string{"lifecycle": "ga"}); s != orgconfig.NotLaunching {
		t.Errorf("no property configured gave %q", s)
	}
}

func TestCampaignSelectors(t *testing.T) {
	c := orgconfig.Campaign{Tiers: []string{"critical"}, Topics: []string{"payments"}, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
	cases := []struct {
		tier   string
		topics []string
		want   bool
	}{
		{"critical", []string{"payments"}, true},
		{"critical", []string{"search"}, false},
		{"standard", []string{"payments"}, false},
		{"critical", []string{"Payments", "go"}, true},
	}
	for _, tc := range cases {
		if got := c.Applies(tc.tier, tc.topics); got != tc.want {
			t.Errorf("Applies(%q, %v) = %v", tc.tier, tc.topics, got)
		}
	}
	if !(orgconfig.Campaign{}).Applies("any", nil) {
		t.Error("a campaign without selectors must cover every service")
	}
	if c.Overdue(time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC)) || !c.Overdue(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("the deadline day itself is not overdue; the day after is")
	}
}

func TestRemindersSkipQuietDays(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone data")
	}
	r := orgconfig.Reminders{Every: 24 * time.Hour, QuietDays: []time.Weekday{time.Saturday, time.Sunday}, Location: tokyo}
	// Friday 2026-12-04 10:00 in Tokyo; one day later is Saturday, so the reminder waits for Monday.
	since := time.Date(2026, 12, 4, 10, 0, 0, 0, tokyo)
	want := time.Date(2026, 12, 7, 0, 0, 0, 0, tokyo)
	if got := r.Due(since); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got, want)
	}
	// Friday 20:00 UTC is already Saturday in Tokyo.
	if !r.Quiet(time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)) {
		t.Error("quiet days must be counted in the reminders' time zone")
	}
	utc := orgconfig.Reminders{Every: time.Hour}
	if got := utc.Due(since); !got.Equal(since.Add(time.Hour)) {
		t.Errorf("without quiet days Due = %v", got)
	}
}
