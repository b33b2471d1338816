package orgconfig_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/checklist/orgconfig"
)

const full = `onboard: all
timezone: Asia/Tokyo
launch:
  label: go-live
  topics: {launching: launching, launched: production}
  property: {name: lifecycle, launching: [launching, beta], launched: [production, ga]}
  tierProperty: service-tier
reminders: {every: 7d, quietDays: [sat, sun]}
campaigns:
  - id: slo-2027q1
    items: [monitoring.slo, monitoring.alerts]
    tiers: [critical]
    topics: [payments]
    deadline: 2027-03-31
report: {every: 720h}
`

func TestParseFull(t *testing.T) {
	cfg, err := orgconfig.Parse("config.yml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Onboard != orgconfig.OnboardAll || cfg.Location.String() != "Asia/Tokyo" || cfg.Launch.Label != "go-live" {
		t.Errorf("top level = %+v", cfg)
	}
	if got := cfg.Launch.Topics; len(got.Launching) != 1 || got.Launched[0] != "production" {
		t.Errorf("topics = %+v", got)
	}
	if p := cfg.Launch.Property; p == nil || p.Name != "lifecycle" || len(p.Launching) != 2 || p.Launched[1] != "ga" {
		t.Errorf("property = %+v", p)
	}
	r := cfg.Reminders
	if r == nil || r.Every != 7*24*time.Hour || len(r.QuietDays) != 2 || r.QuietDays[0] != time.Saturday || r.Location.String() != "Asia/Tokyo" {
		t.Errorf("reminders = %+v", r)
	}
	c := cfg.Campaigns
	if len(c) != 1 || c[0].ID != "slo-2027q1" || !c[0].Deadline.Equal(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)) || !c[0].Covers("monitoring.slo") {
		t.Errorf("campaigns = %+v", c)
	}
	if cfg.Report == nil || cfg.Report.Every != 720*time.Hour {
		t.Errorf("report = %+v", cfg.Report)
	}
}

func TestParseEmptyIsDefaults(t *testing.T) {
	for _, in := range []string{"", "# nothing\n", "{}\n"} {
		cfg, err := orgconfig.Parse("config.yml", []byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if cfg.Onboard != orgconfig.OnboardOptIn || cfg.Location != time.UTC || cfg.Reminders != nil || cfg.Report != nil || cfg.Launch.Property != nil {
			t.Errorf("%q: %+v", in, cfg)
		}
	}
}

func TestParseErrorsHavePositions(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"onboard":       {"onboard: some\n", "config.yml:1:10: onboard must be opt-in or all"},
		"unknown":       {"launch:\n  labels: x\n", "config.yml:2:3: unknown field \"labels\""},
		"unknown topic": {"launch:\n  topics: {started: x}\n", "config.yml:2:12: unknown field \"started\""},
		"duration":      {"reminders: {every: 1w}\n", "config.yml:1:20: reminders.every: \"1w\" is not a duration"},
		"no every":      {"reminders: {quietDays: [sat]}\n", "config.yml:1:12: reminders.every is required"},
		"day":           {"reminders:\n  every: 7d\n  quietDays: [sat, caturday]\n", "config.yml:3:20: reminders.quietDays: \"caturday\""},
		"all quiet":     {"reminders: {every: 1d, quietDays: [mon, tue, wed, thu, fri, sat, sun]}\n", "every day is quiet"},
		"timezone":      {"timezone: Mars/Olympus\n", "config.yml:1:11: timezone \"Mars/Olympus\""},
		"deadline":      {"campaigns:\n  - {id: a, items: [x], deadline: 31/03/2027}\n", "config.yml:2:35: campaign a: deadline \"31/03/2027\""},
		"no deadline":   {"campaigns:\n  - {id: a, items: [x]}\n", "config.yml:2:5: campaign a: deadline is required"},
		"dup id":        {"campaigns:\n  - {id: a, items: [x], deadline: 2027-01-01}\n  - {id: a, items: [y], deadline: 2027-01-01}\n", "config.yml:3:5: campaigns: id \"a\" is used twice"},
		"empty":         {"campaigns:\n  - {id: a, deadline: 2027-01-01}\n", "names neither items nor a checklistVersion"},
		"property name": {"launch:\n  property: {launched: [ga]}\n", "config.yml:2:13: launch.property.name is required"},
		"overlap":       {"launch:\n  topics: {launching: prod, launched: [prod]}\n", "cannot mean both"},
		"list of maps":  {"launch:\n  topics: {launched: [{a: b}]}\n", "config.yml:2:23: launch.topics.launched: want a name, got a mapping"},
		"report":        {"report: {every: 0d}\n", "is zero"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := orgconfig.Parse("config.yml", []byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{"7d": 168 * time.Hour, "720h": 720 * time.Hour, "1d12h": 36 * time.Hour, "90s": 90 * time.Second, "5m": 5 * time.Minute, "1h30m15s": time.Hour + 30*time.Minute + 15*time.Second}
	for in, want := range good {
		if got, err := orgconfig.ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "7", "1w", "-1d", "1.5h", "d", "0s", "99999999999999999999d", "7 d"} {
		if _, err := orgconfig.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
}
