package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestOverviewsListActiveServicesOfPresentRepositories(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, checkout := openWithService(t, engine)
		web, err := s.EnsureService(ctx, 2, "web")
		mustDo(t, err)
		gone, err := s.EnsureService(ctx, 3, "gone")
		mustDo(t, err)
		dismissed, err := s.EnsureService(ctx, 1, "dismissed")
		mustDo(t, err)
		mustDo(t, s.SetServiceState(ctx, dismissed.ID, store.ServiceDismissed))
		untracked, err := s.EnsureService(ctx, 1, "untracked")
		mustDo(t, err)
		mustDo(t, s.SetUntracked(ctx, untracked.ID, true))
		mustDo(t, s.RemoveRepository(ctx, 3))
		mustDo(t, s.RecordLaunch(ctx, store.Launch{ServiceID: web.ID, User: "alice", ChecklistVersion: "1", Source: store.LaunchFromIssue, Number: 4}))
		got, err := s.Overviews(ctx)
		mustDo(t, err)
		var names []string
		for _, o := range got {
			names = append(names, o.Owner+"/"+o.Repo+"/"+o.Name)
			if o.ID == gone.ID {
				t.Errorf("a service of a removed repository is listed")
			}
		}
		if !reflect.DeepEqual(names, []string{"acme/api/checkout", "acme/web/web"}) {
			t.Fatalf("Overviews = %v", names)
		}
		if got[0].ID != checkout.ID || got[0].Launched || !got[1].Launched || got[1].InstallationID != 7 {
			t.Errorf("Overviews = %+v", got)
		}
	})
}

func TestReadinessHistoryKeepsOneRowPerOrgAndDay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		day := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
		mustDo(t, s.RecordReadiness(ctx, "acme", day.AddDate(0, 0, -40), 9, 9)) // too old for the query below
		mustDo(t, s.RecordReadiness(ctx, "acme", day, 4, 1))
		mustDo(t, s.RecordReadiness(ctx, "acme", day.Add(10*time.Minute), 4, 3)) // same day: replaces
		mustDo(t, s.RecordReadiness(ctx, "acme", day.AddDate(0, 0, 1), 5, 5))
		mustDo(t, s.RecordReadiness(ctx, "beta", day, 2, 0))
		got, err := s.ReadinessHistory(ctx, day.AddDate(0, 0, -30))
		mustDo(t, err)
		want := []store.ReadinessDay{{"acme", "2026-03-01", 4, 3}, {"acme", "2026-03-02", 5, 5}, {"beta", "2026-03-01", 2, 0}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ReadinessHistory = %+v\nwant %+v", got, want)
		}
	})
}

func TestBackfillProgress(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		clk := newClock()
		cfg := storetest.Config(t, engine)
		cfg.Now = clk.Now
		s := storetest.OpenConfig(t, cfg, nil)
		mustDo(t, s.StartBackfill(ctx, 7, 3))
		mustDo(t, s.BackfillStep(ctx, 7))
		got, err := s.Backfills(ctx, clk.Now().Add(-time.Hour))
		mustDo(t, err)
		if len(got) != 1 || got[0].Done != 1 || got[0].Total != 3 {
			t.Fatalf("Backfills = %+v, want 1 of 3", got)
		}
		if stale, _ := s.Backfills(ctx, clk.Now().Add(time.Minute)); len(stale) != 0 {
			t.Errorf("a backfill that made no progress since was listed: %+v", stale)
		}
		for range 4 { // steps past the total are not counted
			mustDo(t, s.BackfillStep(ctx, 7))
		}
		if done, _ := s.Backfills(ctx, clk.Now().Add(-time.Hour)); len(done) != 0 {
			t.Errorf("a finished backfill is still listed: %+v", done)
		}
		mustDo(t, s.StartBackfill(ctx, 7, 2)) // a new backfill starts from zero
		if again, _ := s.Backfills(ctx, clk.Now().Add(-time.Hour)); len(again) != 1 || again[0].Done != 0 || again[0].Total != 2 {
			t.Errorf("restarted backfill = %+v, want 0 of 2", again)
		}
	})
}
