package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestTicksRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		other, err := s.EnsureService(ctx, 1, "other")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.FixedZone("CEST", 2*3600))
		want := []store.Tick{
			{ServiceID: svc.ID, Item: "ops.runbook", User: "alice", Checked: true, Accepted: true, At: at.UTC()},
			{ServiceID: svc.ID, Item: "ops.oncall", User: "mallory", Checked: true, Accepted: false, At: at.Add(time.Second).UTC()},
			{ServiceID: svc.ID, Item: "ops.runbook", User: "alice", Checked: false, Accepted: true, At: at.Add(2 * time.Second).UTC()},
			{ServiceID: svc.ID, Item: "ops.drill", User: "alice", Checked: true, Refusal: store.RefusedNoLink, At: at.Add(3 * time.Second).UTC()},
			{ServiceID: svc.ID, Item: "ops.drill", User: "alice", Checked: true, Accepted: true, Link: "https://wiki.example/drill", At: at.Add(4 * time.Second).UTC()},
		}
		// Recorded out of order and in another zone: Ticks sorts by time.
		for _, i := range []int{2, 0, 4, 1, 3} {
			tick := want[i]
			tick.At = tick.At.In(at.Location())
			mustDo(t, s.RecordTick(ctx, tick))
		}
		mustDo(t, s.RecordTick(ctx, store.Tick{ServiceID: other.ID, Item: "x", User: "bob", At: at}))
		got, err := s.Ticks(ctx, svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Ticks = %+v\nwant  %+v", got, want)
		}
	})
}

func TestLaunchesRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		want := []store.Launch{
			{ServiceID: svc.ID, User: "alice", ChecklistVersion: "v1", Source: store.LaunchFromIssue, Number: 3, At: clk.Now()},
			{ServiceID: svc.ID, User: "bob", ChecklistVersion: "v2", Source: store.LaunchFromPullRequest, Number: 17,
				At: clk.Now().Add(time.Hour)},
		}
		first := want[0]
		first.At = time.Time{} // recorded at the store's clock
		mustDo(t, s.RecordLaunch(ctx, first))
		mustDo(t, s.RecordLaunch(ctx, want[1]))
		got, err := s.Launches(ctx, svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Launches = %+v\nwant     %+v", got, want)
		}
	})
}

func TestGoodChecklistAndConfig(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		steps := []struct {
			name          string
			do            func() error
			wantChecklist string // "" means ErrNotFound
			wantConfig    string
		}{
			{"empty", func() error { return nil }, "", ""},
			{"save checklist", func() error { return s.SaveGoodChecklist(ctx, 7, []byte("version: 1\n"), "1") }, "version: 1\n", ""},
			{"save config", func() error { return s.SaveGoodConfig(ctx, 70, []byte("service: api\n")) }, "version: 1\n", "service: api\n"},
			{"replace both", func() error {
				return errorsJoin(s.SaveGoodChecklist(ctx, 7, []byte("version: 2\n"), "2"), s.SaveGoodConfig(ctx, 70, []byte("service: web\n")))
			}, "version: 2\n", "service: web\n"},
		}
		for _, st := range steps {
			mustDo(t, st.do())
			assertYAML(t, st.name+": checklist", st.wantChecklist, func() ([]byte, error) { return s.GoodChecklist(ctx, 7) })
			assertYAML(t, st.name+": config", st.wantConfig, func() ([]byte, error) { return s.GoodConfig(ctx, 70) })
		}
		assertYAML(t, "other installation", "", func() ([]byte, error) { return s.GoodChecklist(ctx, 8) })
	})
}

func assertYAML(t *testing.T, what, want string, get func() ([]byte, error)) {
	t.Helper()
	got, err := get()
	if want == "" {
		if !errorsIsNotFound(err) {
			t.Errorf("%s = %q, %v; want ErrNotFound", what, got, err)
		}
		return
	}
	if err != nil || string(got) != want {
		t.Errorf("%s = %q, %v; want %q", what, got, err, want)
	}
}
