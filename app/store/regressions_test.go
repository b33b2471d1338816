package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestOpenRegressionRecordsOneOpenRowPerItem(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		const n = 10
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				reg, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.readme", SHA: "abc123",
					EvidencePath: "README.md", EvidenceLine: 3, Evidence: "too short"})
				if err != nil {
					t.Error(err)
				}
				ids[i] = reg.ID
			})
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("concurrent opens returned rows %v, want one", ids)
			}
		}
		again, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.readme", SHA: "def456"})
		mustDo(t, err)
		if again.ID != ids[0] || again.SHA != "abc123" || again.EvidencePath != "README.md" || again.EvidenceLine != 3 ||
			again.Evidence != "too short" || !again.Open() || !again.RegressedAt.Equal(clk.Now().UTC()) {
			t.Errorf("reopening an open regression = %+v, want the first row unchanged", again)
		}
		other, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.runbook", SHA: "def456"})
		mustDo(t, err)
		if other.ID == again.ID {
			t.Error("another item shares the row")
		}
	})
}

func TestRegressionLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		reg, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.readme", SHA: "abc123"})
		mustDo(t, err)
		active := func() []store.Regression {
			t.Helper()
			list, err := s.ActiveRegressions(ctx, svc.ID)
			mustDo(t, err)
			return list
		}
		if list := active(); len(list) != 1 || list[0].CommentShows != store.CommentNone || list[0].CommentID != 0 {
			t.Fatalf("a new regression = %+v", list)
		}
		mustDo(t, s.SetRegressionComment(ctx, reg.ID, 42, store.CommentRegressed))
		clk.Advance(time.Hour)
		mustDo(t, s.RecoverRegression(ctx, reg.ID, "fff999"))
		list := active()
		if len(list) != 1 || list[0].Open() || list[0].RecoveredSHA != "fff999" || !list[0].RecoveredAt.Equal(clk.Now().UTC()) || list[0].CommentID != 42 {
			t.Fatalf("a recovered regression whose comment is not edited yet = %+v", list)
		}
		if err := s.RecoverRegression(ctx, reg.ID, "000000"); err == nil {
			t.Error("recovering a closed regression again succeeded")
		}
		mustDo(t, s.SetRegressionComment(ctx, reg.ID, 42, store.CommentRecovered))
		if list := active(); len(list) != 0 {
			t.Errorf("a recovered regression whose comment says so is still active: %+v", list)
		}
		next, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.readme", SHA: "bbb222"})
		mustDo(t, err)
		if next.ID == reg.ID || next.SHA != "bbb222" {
			t.Errorf("a second regression of the item after recovery = %+v", next)
		}
		if err := s.SetRegressionComment(ctx, reg.ID, 42, "bogus"); err == nil {
			t.Error("an unknown comment state was accepted")
		}
	})
}

func TestOverviewsAndLaunchedSeeRegressions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		launched, err := s.Launched(ctx, svc.ID)
		mustDo(t, err)
		if launched {
			t.Fatal("Launched before any launch")
		}
		mustDo(t, s.RecordLaunch(ctx, store.Launch{ServiceID: svc.ID, User: "alice", ChecklistVersion: "1", Source: store.LaunchFromIssue, Number: 1}))
		launched, err = s.Launched(ctx, svc.ID)
		mustDo(t, err)
		regressed := func() bool {
			t.Helper()
			list, err := s.Overviews(ctx)
			mustDo(t, err)
			if len(list) != 1 || !list[0].Launched {
				t.Fatalf("Overviews = %+v", list)
			}
			return list[0].Regressed
		}
		if !launched || regressed() {
			t.Fatalf("after the launch: Launched %v, Regressed %v", launched, regressed())
		}
		reg, err := s.OpenRegression(ctx, store.Regression{ServiceID: svc.ID, Item: "docs.readme", SHA: "abc123"})
		mustDo(t, err)
		if !regressed() {
			t.Error("an open regression does not mark the service")
		}
		mustDo(t, s.RecoverRegression(ctx, reg.ID, "def456"))
		if regressed() {
			t.Error("a recovered regression still marks the service")
		}
	})
}
