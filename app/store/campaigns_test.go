package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestCampaignProgress(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		q1 := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
		cs := []store.Campaign{{Org: "acme", ID: "slo", Deadline: q1, Items: []string{"monitoring.slo", "monitoring.alerts"}},
			{Org: "acme", ID: "v3", Deadline: q1, ChecklistVersion: "3"}}
		mustDo(t, s.SyncCampaigns(ctx, "acme", cs))
		got, err := s.Campaigns(ctx)
		if err != nil || len(got) != 2 || got[0].ID != "slo" || !got[0].Deadline.Equal(q1) || len(got[0].Items) != 2 || got[1].ChecklistVersion != "3" {
			t.Fatalf("Campaigns = %+v, %v", got, err)
		}
		day := func(n int) time.Time { return time.Date(2027, 1, n, 12, 0, 0, 0, time.UTC) }
		steps := []struct {
			inScope, done bool
			at            time.Time
			wantSince     time.Time
			wantDone      time.Time
		}{
			{true, false, day(1), day(1), time.Time{}},
			{true, false, day(2), day(1), time.Time{}},
			{true, true, day(3), day(1), day(3)},
			{true, true, day(4), day(1), day(3)},
			{true, false, day(5), day(1), time.Time{}},
			{false, false, day(6), day(1), time.Time{}},
			{true, true, day(7), day(7), day(7)},
		}
		for i, st := range steps {
			mustDo(t, s.RecordCampaignStatus(ctx, "acme", "slo", svc.ID, st.inScope, st.done, st.at))
			rows, err := s.CampaignServices(ctx)
			if err != nil || len(rows) != 1 {
				t.Fatalf("step %d: CampaignServices = %+v, %v", i, rows, err)
			}
			r := rows[0]
			if r.InScope != st.inScope || !r.Since.Equal(st.wantSince) || !r.DoneAt.Equal(st.wantDone) {
				t.Errorf("step %d: %+v, want in scope %v since %v done %v", i, r, st.inScope, st.wantSince, st.wantDone)
			}
		}
		mustDo(t, s.SetCampaignDone(ctx, "acme", "slo", svc.ID, false, day(8)))
		mustDo(t, s.SetCampaignDone(ctx, "acme", "v3", svc.ID, true, day(8))) // not covered: no row
		mustDo(t, s.SetCampaignDone(ctx, "acme", "slo", svc.ID, true, day(9)))
		mustDo(t, s.SetCampaignDone(ctx, "acme", "slo", svc.ID, true, day(10)))
		if rows, _ := s.CampaignServices(ctx); len(rows) != 1 || !rows[0].DoneAt.Equal(day(9)) || !rows[0].Since.Equal(day(7)) {
			t.Errorf("after ticks: %+v, want done since day 9 and in scope since day 7", rows)
		}
		mustDo(t, s.SyncCampaigns(ctx, "acme", cs[1:]))
		if rows, err := s.CampaignServices(ctx); err != nil || len(rows) != 0 {
			t.Errorf("after the campaign was removed: %+v, %v", rows, err)
		}
		if got, _ := s.Campaigns(ctx); len(got) != 1 || got[0].ID != "v3" {
			t.Errorf("Campaigns after sync = %+v", got)
		}
	})
}

func TestReportClaimsOncePerPeriod(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		t0 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		mustDo(t, s.ScheduleReport(ctx, "Acme", 7, 720*time.Hour, "Asia/Tokyo", t0))
		mustDo(t, s.ScheduleReport(ctx, "acme", 7, 720*time.Hour, "Asia/Tokyo", t0.Add(time.Hour))) // unchanged: keeps its start
		rs, err := s.ReportSchedules(ctx)
		if err != nil || len(rs) != 1 || rs[0].Org != "acme" || rs[0].Every != 720*time.Hour || rs[0].Timezone != "Asia/Tokyo" || !rs[0].Due().Equal(t0) {
			t.Fatalf("ReportSchedules = %+v, %v", rs, err)
		}
		claim := func(owner string, now time.Time) bool {
			ok, err := s.ClaimReport(ctx, "acme", rs[0].Seq, owner, now.Add(time.Minute), now)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim("a", t0) || claim("b", t0.Add(time.Second)) || claim("a", t0.Add(time.Second)) {
			t.Fatal("want a to claim, and b and a again refused while a's claim lasts")
		}
		if !claim("b", t0.Add(2*time.Minute)) {
			t.Fatal("b could not take over an expired claim")
		}
		if err := s.FinishReport(ctx, "acme", "a", 5, t0); err == nil {
			t.Error("a finished a report b holds the claim of")
		}
		mustDo(t, s.FinishReport(ctx, "acme", "b", 5, t0.Add(2*time.Minute)))
		if claim("a", t0.Add(3*time.Minute)) {
			t.Error("the posted report was claimed again")
		}
		rs, _ = s.ReportSchedules(ctx)
		if rs[0].IssueNumber != 5 || rs[0].Seq != 1 || !rs[0].Due().Equal(t0.Add(2*time.Minute+720*time.Hour)) {
			t.Errorf("after posting: %+v", rs[0])
		}
		mustDo(t, s.ScheduleReport(ctx, "acme", 7, 0, "UTC", t0))
		if rs, _ := s.ReportSchedules(ctx); len(rs) != 0 {
			t.Errorf("a stopped report is still scheduled: %+v", rs)
		}
	})
}

func TestLaunchesSinceAndOwners(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		t0 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 2 {
			mustDo(t, s.RecordLaunch(ctx, store.Launch{ServiceID: svc.ID, User: "octocat", ChecklistVersion: "2", Source: store.LaunchFromIssue, Number: 1, At: t0.AddDate(0, 0, 10*i)}))
		}
		got, err := s.LaunchesSince(ctx, t0.AddDate(0, 0, 5))
		if err != nil || len(got) != 1 || got[0].Owner != "acme" || got[0].Repo != "api" || got[0].Service != "checkout" {
			t.Errorf("LaunchesSince = %+v, %v", got, err)
		}
		old, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "cicd.ci", SHA: "a1", RegressedAt: t0})
		mustDo(t, err)
		mustDo(t, s.RecoverRegression(ctx, old.ID, "b2"))
		_, err = s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "cicd.tests", SHA: "c3", RegressedAt: t0})
		mustDo(t, err)
		_, err = s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "cicd.lint", SHA: "d4", RegressedAt: t0.AddDate(0, 0, 20)})
		mustDo(t, err)
		regs, err := s.RegressionsSince(ctx, t0.AddDate(0, 0, 5))
		if err != nil || len(regs) != 2 || regs[0].Item != "cicd.tests" || regs[1].Item != "cicd.lint" {
			t.Errorf("RegressionsSince = %+v, %v; want the open one and the one in the period", regs, err)
		}
		mustDo(t, s.SetOwners(ctx, svc.ID, []string{"@acme/payments", "@alice"}))
		owners, err := s.ServiceOwners(ctx)
		if err != nil || len(owners) != 1 || len(owners[svc.ID]) != 2 {
			t.Errorf("ServiceOwners = %v, %v", owners, err)
		}
	})
}
