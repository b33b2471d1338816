package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prchq/prc/app/store/storetest"
)

func TestTryLock(t *testing.T) {
	type step struct {
		advance time.Duration
		op      string // "lock" or "unlock"
		owner   string
		want    bool
	}
	tests := map[string][]step{
		"exclusive while held": {
			{op: "lock", owner: "a", want: true},
			{op: "lock", owner: "b", want: false},
		},
		"owner renews": {
			{op: "lock", owner: "a", want: true},
			{advance: 50 * time.Second, op: "lock", owner: "a", want: true},
			{advance: 50 * time.Second, op: "lock", owner: "b", want: false},
		},
		"expired lease is taken over": {
			{op: "lock", owner: "a", want: true},
			{advance: time.Minute, op: "lock", owner: "b", want: true},
			{op: "lock", owner: "a", want: false},
		},
		"unlock frees": {
			{op: "lock", owner: "a", want: true},
			{op: "unlock", owner: "a"},
			{op: "lock", owner: "b", want: true},
		},
		"unlock by another owner is ignored": {
			{op: "lock", owner: "a", want: true},
			{op: "unlock", owner: "b"},
			{op: "lock", owner: "b", want: false},
		},
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		for name, steps := range tests {
			t.Run(name, func(t *testing.T) {
				clk := newClock()
				cfg := storetest.Config(t, engine)
				cfg.Now = clk.Now
				s := storetest.OpenConfig(t, cfg, nil)
				ctx := context.Background()
				for i, st := range steps {
					clk.Advance(st.advance)
					if st.op == "unlock" {
						if err := s.Unlock(ctx, "repo/1", st.owner); err != nil {
							t.Fatalf("step %d: %v", i, err)
						}
						continue
					}
					got, err := s.TryLock(ctx, "repo/1", st.owner, time.Minute)
					if err != nil || got != st.want {
						t.Fatalf("step %d: TryLock(%s) = %v, %v; want %v", i, st.owner, got, err, st.want)
					}
				}
			})
		}
	})
}

func TestTryLockConcurrentOwnersOneWins(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		s := storetest.Open(t, engine)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				ok, err := s.TryLock(context.Background(), "reconcile", fmt.Sprintf("owner-%d", i), time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if got := wins.Load(); got != 1 {
			t.Errorf("%d owners got the lock, want 1", got)
		}
	})
}
