package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

const launchConfig = `launch:
  topics: {launching: launching, launched: production}
  property: {name: lifecycle, launching: [launching, beta], launched: [production, ga]}
  tierProperty: service-tier
`

// complete is a repository whose checklist is complete once docs.review is ticked.
var complete = map[string]string{"README.md": "# x\n", "RUNBOOK.md": "# run\n"}

// launchFixture is a fixture whose organisation names the launch signals above.
func launchFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.gh.push(org, OrgRepo, "main", map[string]string{OrgChecklistPath: testChecklist, OrgConfigPath: launchConfig})
	return f
}

// reconcileAs runs the reconcile a topic or property event by sender asks for.
func (f *fixture) reconcileAs(target Target, sender string, old map[string]string) {
	f.t.Helper()
	f.must(f.r.Repository(WithTrigger(f.ctx, Trigger{Sender: sender, OldProperties: old}), target, false))
}

func (f *fixture) tick(target Target, service, item string) {
	f.t.Helper()
	f.must(f.st.RecordTick(f.ctx, store.Tick{ServiceID: f.service(target, service).ID, Item: item, User: "sre", Checked: true, Accepted: true}))
}

func (f *fixture) launches(target Target, service string) []store.Launch {
	f.t.Helper()
	l, err := f.st.Launches(f.ctx, f.service(target, service).ID)
	f.must(err)
	return l
}

func TestLaunchSignalsOnboard(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		topics   []string
		property string
		want     bool
	}{
		"launching topic":    {topics: []string{"go", "launching"}, want: true},
		"launched topic":     {topics: []string{"production"}, want: true},
		"launching property": {property: "beta", want: true},
		"other topics":       {topics: []string{"go"}},
		"other property":     {property: "retired"},
		"no signal":          {},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := launchFixture(t)
			target := f.repo("shop", map[string]string{"README.md": "# x\n"})
			f.gh.setTopics(org, "shop", tc.topics...)
			f.gh.setProperty(org, "shop", "lifecycle", tc.property)
			f.must(f.r.Repository(f.ctx, target, false))
			if got := len(f.issues(target)) == 1; got != tc.want {
				t.Errorf("PRC issue opened = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTierProperty(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		config, tier, want string
	}{
		"from the property":    {tier: "critical", want: "| critical |"},
		"prc.yml overrides it": {config: "service: shop\ntier: experimental\n", tier: "critical", want: "| experimental |"},
		"not a tier":           {tier: "gold", want: `Custom property service-tier is "gold"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := launchFixture(t)
			files := map[string]string{"README.md": "# x\n"}
			if tc.config != "" {
				files[".github/prc.yml"] = tc.config
			}
			target := f.repo("shop", files)
			f.gh.setTopics(org, "shop", "launching")
			f.gh.setProperty(org, "shop", "service-tier", tc.tier)
			f.must(f.r.Repository(f.ctx, target, false))
			if body := f.oneIssue(target).Body; !strings.Contains(body, tc.want) {
				t.Errorf("body lacks %q:\n%s", tc.want, body)
			}
		})
	}
}

func TestPropertyLaunchWhileIncomplete(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		perms        map[string]string
		wantValue    string
		wantLaunched bool
	}{
		"with custom properties write": {perms: map[string]string{gh.PermCustomProperties: "write"}, wantValue: "launching"},
		"without it":                   {perms: map[string]string{"issues": "write"}, wantValue: "production", wantLaunched: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := launchFixture(t)
			f.gh.grant(tc.perms)
			target := f.repo("shop", map[string]string{"README.md": "# x\n"})
			f.gh.setProperty(org, "shop", "lifecycle", "launching")
			f.must(f.r.Repository(f.ctx, target, false))
			f.gh.setProperty(org, "shop", "lifecycle", "production")
			for range 2 { // the second run is a redelivery
				f.reconcileAs(target, "bob", map[string]string{"lifecycle": "launching"})
			}
			if got := f.gh.property(org, "shop", "lifecycle"); got != tc.wantValue {
				t.Errorf("lifecycle = %q, want %q", got, tc.wantValue)
			}
			comments := f.gh.state(org, "shop").comments[f.oneIssue(target).Number]
			if len(comments) != 1 || !strings.Contains(comments[0], "@bob") || !strings.Contains(comments[0], "docs.runbook") || strings.Contains(comments[0], "docs.readme") {
				t.Fatalf("comments = %q, want one naming the missing items", comments)
			}
			launches := f.launches(target, "shop")
			body := f.oneIssue(target).Body
			if !tc.wantLaunched {
				if len(launches) != 0 || !strings.Contains(comments[0], "set custom property `lifecycle` back to `launching`") || strings.Contains(body, "Launched") {
					t.Errorf("launches %+v, comment %q, body launch line %v", launches, comments[0], strings.Contains(body, "Launched"))
				}
				return
			}
			if len(launches) != 1 || !launches[0].Incomplete || launches[0].Source != store.LaunchFromProperty || launches[0].Signal != "lifecycle=production" || launches[0].User != "bob" {
				t.Errorf("launches = %+v, want one incomplete by bob via lifecycle=production", launches)
			}
			if !strings.Contains(body, "Launched while incomplete (via property lifecycle=production)") {
				t.Errorf("body lacks the launch-while-incomplete line:\n%s", body)
			}
		})
	}
}

func TestTopicLaunchWhenComplete(t *testing.T) {
	t.Parallel()
	f := launchFixture(t)
	target := f.repo("shop", complete)
	f.gh.setTopics(org, "shop", "launching")
	f.must(f.r.Repository(f.ctx, target, false))
	f.tick(target, "shop", "docs.review")
	f.gh.setTopics(org, "shop", "production")
	f.reconcileAs(target, "alice", nil)
	f.reconcileAs(target, "alice", nil)
	launches := f.launches(target, "shop")
	if len(launches) != 1 || launches[0].Incomplete || launches[0].Source != store.LaunchFromTopic || launches[0].Signal != "production" || launches[0].User != "alice" || launches[0].ChecklistVersion != "1" {
		t.Fatalf("launches = %+v, want one complete launch by alice via topic production", launches)
	}
	if body := f.oneIssue(target).Body; !strings.Contains(body, "🚀 **Launched (via topic production)** by alice on 2026-03-01.") {
		t.Errorf("body lacks the launch line:\n%s", body)
	}
	if c := f.comments(target); c != "" {
		t.Errorf("a complete launch commented: %q", c)
	}
}

func TestTopicLaunchWhileIncompleteIsRecorded(t *testing.T) {
	t.Parallel()
	f := launchFixture(t)
	f.gh.grant(map[string]string{gh.PermCustomProperties: "write"})
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	f.gh.setTopics(org, "shop", "production")
	f.reconcileAs(target, "carol", nil)
	f.reconcileAs(target, "carol", nil)
	launches := f.launches(target, "shop")
	if len(launches) != 1 || !launches[0].Incomplete {
		t.Fatalf("launches = %+v, want one incomplete launch", launches)
	}
	if body := f.oneIssue(target).Body; !strings.Contains(body, "Launched while incomplete (via topic production)") {
		t.Errorf("body lacks the launch-while-incomplete line:\n%s", body)
	}
	if got := f.gh.calls["SetCustomProperty"]; got != 0 {
		t.Errorf("a topic launch set a custom property %d times", got)
	}
	if n := strings.Count(f.comments(target), "launched (via topic production)"); n != 1 {
		t.Errorf("%d launch comments, want 1", n)
	}
}

func TestPropertyMovesBetweenLaunchedValuesQuietly(t *testing.T) {
	t.Parallel()
	f := launchFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	f.gh.setProperty(org, "shop", "lifecycle", "production")
	f.reconcileAs(target, "bob", map[string]string{"lifecycle": "beta"})
	f.gh.setProperty(org, "shop", "lifecycle", "ga")
	f.reconcileAs(target, "bob", map[string]string{"lifecycle": "production"})
	if l := f.launches(target, "shop"); len(l) != 1 {
		t.Errorf("launches = %+v, want the first only: ga is still launched", l)
	}
	if n := len(f.gh.state(org, "shop").comments[f.oneIssue(target).Number]); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
}

func TestRevertUsesTheEventsOldValue(t *testing.T) {
	t.Parallel()
	f := launchFixture(t)
	f.gh.grant(map[string]string{gh.PermCustomProperties: "write"})
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	f.gh.setProperty(org, "shop", "lifecycle", "ga")
	f.reconcileAs(target, "bob", map[string]string{"lifecycle": ""})
	if got, ok := f.gh.props.values[org+"/shop"]["lifecycle"]; ok {
		t.Errorf("lifecycle = %q, want it unset again as the event said it was", got)
	}
	if c := f.comments(target); !strings.Contains(c, "prc unset custom property `lifecycle`") {
		t.Errorf("comment = %q", c)
	}
}

// TestPropertyChangesAreSeenWithoutTheirEvent: the launch and tier properties are part of what
// an evaluation read, so a push or resync after a change whose event never came evaluates again.
func TestPropertyChangesAreSeenWithoutTheirEvent(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		property, value string
		evaluates       bool
	}{
		"nothing":             {evaluates: false},
		"the launch property": {property: "lifecycle", value: "production", evaluates: true},
		"the tier property":   {property: "service-tier", value: "critical", evaluates: true},
		"an unrelated one":    {property: "cost-centre", value: "42", evaluates: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := launchFixture(t)
			target := f.repo("shop", map[string]string{"README.md": "# x\n"})
			f.gh.setProperty(org, "shop", "lifecycle", "launching")
			f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
			f.oneIssue(target)
			if tc.property != "" {
				f.gh.setProperty(org, "shop", tc.property, tc.value)
			}
			trees := f.gh.calls["ReadTree"]
			f.must(f.r.RepositoryIfChanged(f.ctx, target, false))
			if got := f.gh.calls["ReadTree"] > trees; got != tc.evaluates {
				t.Errorf("evaluated again = %v, want %v", got, tc.evaluates)
			}
		})
	}
}

func TestUnknownPermissionsStillTryTheWrite(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		perms     map[string]string
		wantValue string
	}{
		"granted":     {perms: map[string]string{gh.PermCustomProperties: "write"}, wantValue: "beta"},
		"not granted": {wantValue: "production"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := launchFixture(t)
			f.gh.grant(tc.perms)
			f.failOn(fault{gh: "InstallationPermissions"}, errors.New("GitHub answered 404: Not Found"))
			target := f.repo("shop", map[string]string{"README.md": "# x\n"})
			f.gh.setProperty(org, "shop", "lifecycle", "production")
			f.reconcileAs(target, "bob", map[string]string{"lifecycle": "beta"})
			if got := f.gh.property(org, "shop", "lifecycle"); got != tc.wantValue {
				t.Errorf("lifecycle = %q, want %q", got, tc.wantValue)
			}
			if n := len(f.gh.state(org, "shop").comments[f.oneIssue(target).Number]); n != 1 {
				t.Errorf("%d comments, want 1", n)
			}
		})
	}
}
