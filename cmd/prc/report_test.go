package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// seedStore writes a SQLite store in a new directory, as prc serve would have left it: one
// evaluated service of acme, launched, in a campaign, and one of another organisation.
func seedStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, store.Config{DataDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	for i, owner := range []string{"acme", "other"} {
		id := int64(i + 1)
		mustOK(t, st.UpsertRepository(ctx, store.Repository{ID: id, InstallationID: id, Owner: owner, Name: "api"}))
		svc, err := st.EnsureService(ctx, id, "api")
		mustOK(t, err)
		rep := &checklist.Report{Checklist: checklist.Info{Name: "prc", Version: "2"}, Services: []checklist.ServiceReport{{
			Name: "api", Tier: checklist.TierCritical, Items: []checklist.Result{{ID: "monitoring.slo", Status: verdict.Pass, Required: true}},
			Summary: checklist.Summary{Required: 1, Satisfied: 1, Ready: true}}}}
		data, _ := json.Marshal(map[string]any{"report": rep})
		mustOK(t, st.SaveEvaluation(ctx, svc.ID, data, "2", ""))
		mustOK(t, st.SetOwners(ctx, svc.ID, []string{"@" + owner + "/platform"}))
		mustOK(t, st.RecordLaunch(ctx, store.Launch{ServiceID: svc.ID, User: "octocat", ChecklistVersion: "2", Source: store.LaunchFromPullRequest, Number: 9, At: at}))
		mustOK(t, st.SyncCampaigns(ctx, owner, []store.Campaign{{Org: owner, ID: "slo", Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), Items: []string{"monitoring.slo"}}}))
		mustOK(t, st.RecordCampaignStatus(ctx, owner, "slo", svc.ID, true, true, at))
	}
	return dir
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReportPrintsTheDigest(t *testing.T) {
	dir := seedStore(t)
	code, stdout, stderr := runCLI(t, "report", "--data-dir", dir, "--org", "acme", "--since", "2027-03-01", "--at", "2027-03-10")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "report-acme.md", stdout)
	if strings.Contains(stdout, "@other") {
		t.Error("--org acme shows another organisation's services")
	}
	code, stdout, _ = runCLI(t, "report", "--data-dir", dir, "--since", "2027-03-06", "--at", "2027-03-10")
	if code != 0 || !strings.Contains(stdout, "@other/platform") || !strings.Contains(stdout, "## Launches\n\n_None in this period._") {
		t.Errorf("without --org, from after the launches: exit %d\n%s", code, stdout)
	}
}

func TestReportErrors(t *testing.T) {
	dir := seedStore(t)
	cases := map[string]struct {
		args []string
		want string
	}{
		"no store":       {[]string{"report", "--data-dir", t.TempDir()}, "no store in"},
		"bad since":      {[]string{"report", "--data-dir", dir, "--since", "last week"}, "--since: want a duration"},
		"bad at":         {[]string{"report", "--data-dir", dir, "--at", "tomorrow"}, "--at: want a date"},
		"argument":       {[]string{"report", "--data-dir", dir, "extra"}, `unexpected argument "extra"`},
		"not a postgres": {[]string{"report", "--database-url", "mysql://x"}, "want a postgres://"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}
