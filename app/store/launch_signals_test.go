package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestLaunchSignalRecordsItsLaunchOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		if _, err := s.LaunchSignal(ctx, svc.ID, store.LaunchFromTopic); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("LaunchSignal before any = %v, want ErrNotFound", err)
		}
		launching := store.LaunchSignal{ServiceID: svc.ID, Source: store.LaunchFromTopic, Value: "launching", State: "launching"}
		mustDo(t, s.SaveLaunchSignal(ctx, launching, nil))
		launched := store.LaunchSignal{ServiceID: svc.ID, Source: store.LaunchFromTopic, Value: "production", State: "launched", UpdatedAt: clk.Now().Add(time.Minute)}
		l := store.Launch{ServiceID: svc.ID, User: "alice", ChecklistVersion: "3", Source: store.LaunchFromTopic, Number: 1,
			Signal: "production", Incomplete: true, At: clk.Now().Add(time.Minute)}
		mustDo(t, s.SaveLaunchSignal(ctx, launched, &l))

		got, err := s.LaunchSignal(ctx, svc.ID, store.LaunchFromTopic)
		if err != nil || got != launched {
			t.Errorf("LaunchSignal = %+v, %v; want %+v", got, err, launched)
		}
		if _, err := s.LaunchSignal(ctx, svc.ID, store.LaunchFromProperty); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the property signal = %v, want ErrNotFound: sources are kept apart", err)
		}
		launches, err := s.Launches(ctx, svc.ID)
		if err != nil || !reflect.DeepEqual(launches, []store.Launch{l}) {
			t.Errorf("Launches = %+v, %v; want %+v", launches, err, l)
		}
		latest, err := s.LatestLaunches(ctx)
		if err != nil || !reflect.DeepEqual(latest, map[int64]store.Launch{svc.ID: l}) {
			t.Errorf("LatestLaunches = %+v, %v", latest, err)
		}
	})
}

func TestLaunchSignalFailsWhole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		sig := store.LaunchSignal{ServiceID: svc.ID, Source: store.LaunchFromProperty, Value: "lifecycle=ga", State: "launched"}
		bad := store.Launch{ServiceID: svc.ID, User: "alice", Source: "carrier-pigeon"}
		if err := s.SaveLaunchSignal(ctx, sig, &bad); err == nil {
			t.Fatal("a launch of an unknown source was accepted")
		}
		if _, err := s.LaunchSignal(ctx, svc.ID, store.LaunchFromProperty); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the signal was saved without its launch: %v", err)
		}
		if err := s.SaveLaunchSignal(ctx, store.LaunchSignal{ServiceID: svc.ID, Source: store.LaunchFromIssue}, nil); err == nil {
			t.Error("a signal from the issue label was accepted; labels are not signals")
		}
	})
}

func TestLatestLaunchesKeepsTheNewest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		incomplete := store.Launch{ServiceID: svc.ID, User: "bob", ChecklistVersion: "1", Source: store.LaunchFromProperty,
			Signal: "lifecycle=production", Incomplete: true, At: clk.Now()}
		label := store.Launch{ServiceID: svc.ID, User: "alice", ChecklistVersion: "1", Source: store.LaunchFromIssue, Number: 4, At: clk.Now().Add(time.Hour)}
		mustDo(t, s.RecordLaunch(ctx, incomplete))
		mustDo(t, s.RecordLaunch(ctx, label))
		latest, err := s.LatestLaunches(ctx)
		if err != nil || !reflect.DeepEqual(latest[svc.ID], label) || len(latest) != 1 {
			t.Errorf("LatestLaunches = %+v, %v; want the label launch only", latest, err)
		}
	})
}
