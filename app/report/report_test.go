package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/report"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	t0       = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	deadline = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
)

// svc describes one service for seed.
type svc struct {
	repo, name string
	tier       checklist.Tier
	ready      bool
	owners     []string
	waiver     *repoconfig.Waiver
}

func evaluation(t *testing.T, s svc) []byte {
	t.Helper()
	status := verdict.Fail
	if s.ready {
		status = verdict.Pass
	}
	items := []checklist.Result{{ID: "monitoring.slo", Section: "monitoring", Status: status, Required: true}}
	if s.waiver != nil {
		items = append(items, checklist.Result{ID: s.waiver.Item, Section: "cicd", Status: verdict.Waived, Required: true, Waiver: s.waiver})
	}
	sum := checklist.Summary{Required: len(items), Satisfied: len(items) - 1, Ready: s.ready}
	if s.ready {
		sum.Satisfied = len(items)
	}
	rep := &checklist.Report{Checklist: checklist.Info{Name: "c", Version: "2"},
		Services: []checklist.ServiceReport{{Name: s.name, Path: ".", Tier: s.tier, Items: items, Summary: sum}}}
	data, err := json.Marshal(map[string]any{"report": rep})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// seed fills a store with services of two organisations, a launch, waivers and a campaign.
func seed(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	clock := t0
	cfg := storetest.Config(t, store.EngineSQLite)
	cfg.Now = func() time.Time { return clock }
	st := storetest.OpenConfig(t, cfg, nil)
	services := []svc{
		{"api", "api", checklist.TierCritical, true, []string{"@acme/payments"}, nil},
		{"web", "web", checklist.TierCritical, false, []string{"@acme/payments", "@alice"}, &repoconfig.Waiver{Item: "cicd.image-scan", Reason: "scanner *lands* @bob", Expires: "2027-03-20", ApprovedBy: "sre-lead"}},
		{"worker", "worker", checklist.TierStandard, false, nil, &repoconfig.Waiver{Item: "cicd.lint", Reason: "later", Expires: "2027-09-01", ApprovedBy: "x"}},
		{"evil", "x`|<b>", checklist.TierStandard, true, nil, &repoconfig.Waiver{Item: "cicd.ci", Reason: "<!-- prc:item a.b --> #12", Expires: "2027-03-25", ApprovedBy: "@carol"}},
	}
	for i, s := range services {
		id := int64(i + 1)
		must(t, st.UpsertRepository(ctx, store.Repository{ID: id, InstallationID: 7, Owner: "acme", Name: s.repo}))
		row, err := st.EnsureService(ctx, id, s.name)
		must(t, err)
		must(t, st.SaveEvaluation(ctx, row.ID, evaluation(t, s), "2", ""))
		if s.owners != nil {
			must(t, st.SetOwners(ctx, row.ID, s.owners))
		}
		if i == 0 {
			must(t, st.RecordLaunch(ctx, store.Launch{ServiceID: row.ID, User: "octocat", ChecklistVersion: "2", Source: store.LaunchFromIssue, Number: 4, At: t0.AddDate(0, 0, 2)}))
			must(t, st.RecordLaunch(ctx, store.Launch{ServiceID: row.ID, User: "old", ChecklistVersion: "1", Source: store.LaunchFromIssue, Number: 4, At: t0.AddDate(0, -2, 0)}))
			for _, r := range []struct {
				item, sha string
				at, fixed time.Time
			}{
				{"cicd.tests", "aaaa", t0.AddDate(0, 0, -10), t0.AddDate(0, 0, -9)}, // before the period
				{"cicd.ci", "bbbbbbbbbbbbbbbbbbbb", t0.AddDate(0, 0, 1), t0.AddDate(0, 0, 3)},
				{"resilience.readiness", "0123456789abcdef0123", t0.AddDate(0, 0, 5), time.Time{}},
			} {
				reg, err := st.OpenRegression(ctx, store.Regression{ServiceID: row.ID, Item: r.item, SHA: r.sha, RegressedAt: r.at})
				must(t, err)
				if !r.fixed.IsZero() {
					clock = r.fixed
					must(t, st.RecoverRegression(ctx, reg.ID, "cafe"))
				}
			}
		}
		if i < 2 {
			must(t, st.SyncCampaigns(ctx, "acme", []store.Campaign{{Org: "acme", ID: "slo-2027q1", Deadline: deadline, Items: []string{"monitoring.slo"}}}))
			must(t, st.RecordCampaignStatus(ctx, "acme", "slo-2027q1", row.ID, true, s.ready, t0.AddDate(0, 0, i)))
		}
	}
	must(t, st.UpsertRepository(ctx, store.Repository{ID: 9, InstallationID: 8, Owner: "other", Name: "api"}))
	row, err := st.EnsureService(ctx, 9, "api")
	must(t, err)
	must(t, st.SaveEvaluation(ctx, row.ID, evaluation(t, svc{name: "api", tier: checklist.TierCritical}), "2", ""))
	return st
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		must(t, os.WriteFile(file, got, 0o644))
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

func TestDigestGolden(t *testing.T) {
	st := seed(t)
	now := t0.AddDate(0, 0, 10)
	cases := map[string]report.Options{
		"digest-acme.md":    {Org: "ACME", Since: t0, Now: now},
		"digest-all.md":     {Since: t0, Now: now},
		"digest-overdue.md": {Org: "acme", Since: t0, Now: deadline.AddDate(0, 0, 1), Location: time.FixedZone("JST", 9*3600)},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			d, err := report.Build(context.Background(), st, o)
			must(t, err)
			var b bytes.Buffer
			must(t, d.Markdown(&b))
			golden(t, name+".golden", b.Bytes())
			if !report.IsReport(b.String()) {
				t.Error("the body carries no report marker")
			}
		})
	}
}

func TestDigestCounts(t *testing.T) {
	st := seed(t)
	d, err := report.Build(context.Background(), st, report.Options{Org: "acme", Since: t0, Now: t0.AddDate(0, 0, 10)})
	must(t, err)
	if d.Services != 4 {
		t.Errorf("services = %d, want the 4 of acme", d.Services)
	}
	teams := map[string]report.Readiness{}
	for _, r := range d.Teams {
		teams[r.Name] = r
	}
	if teams["@acme/payments"].Services != 2 || teams["@acme/payments"].Ready != 1 || teams[report.Unowned].Services != 2 || teams["@alice"].Services != 1 {
		t.Errorf("teams = %+v", d.Teams)
	}
	if len(d.Launches) != 1 || d.Launches[0].User != "octocat" {
		t.Errorf("launches = %+v, want the one in the period", d.Launches)
	}
	if len(d.Waivers) != 2 || d.Waivers[0].Item != "cicd.image-scan" || d.Waivers[1].Item != "cicd.ci" {
		t.Errorf("waivers = %+v, want only the one expiring within 30 days", d.Waivers)
	}
	if len(d.Regressions) != 2 || d.Regressions[0].Item != "cicd.ci" || d.Regressions[0].RecoveredAt.IsZero() || !d.Regressions[1].RecoveredAt.IsZero() {
		t.Errorf("regressions = %+v, want cicd.ci recovered and resilience.readiness open", d.Regressions)
	}
	early, err := report.Build(context.Background(), st, report.Options{Org: "acme", Since: t0, Now: t0.AddDate(0, 0, 2)})
	must(t, err)
	if len(early.Regressions) != 1 || !early.Regressions[0].RecoveredAt.IsZero() {
		t.Errorf("regressions as of day 2 = %+v, want cicd.ci, not yet recovered", early.Regressions)
	}
	if len(d.Campaigns) != 1 || d.Campaigns[0].Done != 1 || d.Campaigns[0].Total != 2 || len(d.Campaigns[0].Pending) != 1 {
		t.Errorf("campaigns = %+v", d.Campaigns)
	}
}

func TestDigestEscapesRepositoryText(t *testing.T) {
	d, err := report.Build(context.Background(), seed(t), report.Options{Since: t0, Now: t0.AddDate(0, 0, 10)})
	must(t, err)
	var b bytes.Buffer
	must(t, d.Markdown(&b))
	for _, bad := range []string{"<b>", "*lands*", " @bob", "@carol", "<!-- prc:item", " #12", "x`|"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("report contains %q unescaped", bad)
		}
	}
}
