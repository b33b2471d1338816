package store_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

const paceInst = int64(77)

// paceStep claims (or releases the claim of step from) a mutation of paceInst after moving the clock.
type paceStep struct {
	advance time.Duration
	content bool
	release int           // >0: release the claim made at step release-1, with gap
	gap     time.Duration // for a release
	want    time.Duration // for a claim: the wait, zero when granted
	atMost  bool          // want is an upper bound on a positive wait
}

func TestClaimMutation(t *testing.T) {
	const lease = 30 * time.Second
	tests := map[string][]paceStep{
		"one mutation at a time": {
			{},
			{want: 25 * time.Millisecond, atMost: true},
			{release: 1},
			{},
		},
		"the gap counts from the answer": {
			{},
			{advance: 3 * time.Second, release: 1, gap: time.Second},
			{want: time.Second},
			{advance: 600 * time.Millisecond, want: 400 * time.Millisecond},
			{advance: 400 * time.Millisecond},
		},
		"a dead holder's claim lapses after its lease": {
			{},
			{advance: lease - time.Millisecond, want: time.Millisecond, atMost: true},
			{advance: time.Millisecond},
			// The dead holder's late release leaves the new claim held, but its gap counts.
			{release: 1, gap: 2 * time.Second},
			{want: 25 * time.Millisecond, atMost: true},
			{release: 3},
			{want: 2 * time.Second},
		},
		"content creation stays within its window": {
			{content: true}, {release: 1},
			{advance: 10 * time.Second, content: true}, {release: 3},
			{advance: 10 * time.Second, content: true}, {release: 5},
			{advance: 10 * time.Second, content: true, want: 30 * time.Second},
			{}, {release: 8}, // other mutations are not counted
			{advance: 30 * time.Second, content: true}, {release: 10},
			{content: true, want: 10 * time.Second},
		},
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		for name, steps := range tests {
			t.Run(name, func(t *testing.T) {
				clk := newClock()
				cfg := storetest.Config(t, engine)
				cfg.Now = clk.Now
				s := storetest.OpenConfig(t, cfg, nil)
				runPaceSteps(t, s, clk, steps, lease)
			})
		}
	})
}

func runPaceSteps(t *testing.T, s *store.Store, clk *clock, steps []paceStep, lease time.Duration) {
	t.Helper()
	ctx := context.Background()
	claims := make([]string, len(steps))
	for i, st := range steps {
		clk.Advance(st.advance)
		if st.release > 0 {
			if err := s.ReleaseMutation(ctx, paceInst, claims[st.release-1], st.gap); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			continue
		}
		claim, wait, err := s.ClaimMutation(ctx, paceInst, st.content, 3, lease)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		claims[i] = claim
		switch {
		case st.want == 0 && (claim == "" || wait != 0):
			t.Errorf("step %d: claim %q, wait %v; want granted", i, claim, wait)
		case st.want > 0 && claim != "":
			t.Errorf("step %d: granted; want a wait of %v", i, st.want)
		case st.want > 0 && st.atMost && (wait <= 0 || wait > st.want):
			t.Errorf("step %d: wait %v, want in (0, %v]", i, wait, st.want)
		case st.want > 0 && !st.atMost && wait != st.want:
			t.Errorf("step %d: wait %v, want %v", i, wait, st.want)
		}
	}
}

// TestClaimMutationAcrossStores has two stores on one database, as two replicas, send mutations
// of one installation concurrently: no two are ever in flight together, and each starts at least
// the gap after the previous one's answer.
func TestClaimMutationAcrossStores(t *testing.T) {
	const (
		gap     = 20 * time.Millisecond
		perCall = 6
	)
	storetest.Run(t, func(t *testing.T, engine string) {
		cfg := storetest.Config(t, engine)
		replicas := []*store.Store{storetest.OpenConfig(t, cfg, nil), storetest.OpenConfig(t, cfg, nil)}
		var (
			mu    sync.Mutex
			spans [][2]time.Time
			wg    sync.WaitGroup
		)
		for _, s := range replicas {
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range perCall {
						span, err := paced(s, gap)
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						spans = append(spans, span)
						mu.Unlock()
					}
				}()
			}
		}
		wg.Wait()
		sort.Slice(spans, func(a, b int) bool { return spans[a][0].Before(spans[b][0]) })
		if len(spans) != 4*perCall {
			t.Fatalf("%d mutations, want %d", len(spans), 4*perCall)
		}
		for k := 1; k < len(spans); k++ {
			if d := spans[k][0].Sub(spans[k-1][1]); d < gap {
				t.Errorf("mutation %d started %v after the previous one's answer, want at least %v", k, d, gap)
			}
		}
	})
}

// paced waits for a claim, then "sends" a mutation that takes a millisecond, and releases it.
func paced(s *store.Store, gap time.Duration) ([2]time.Time, error) {
	ctx := context.Background()
	for {
		claim, wait, err := s.ClaimMutation(ctx, paceInst, false, 0, time.Minute)
		if err != nil {
			return [2]time.Time{}, err
		}
		if claim == "" {
			time.Sleep(wait)
			continue
		}
		start := time.Now()
		time.Sleep(time.Millisecond)
		end := time.Now()
		return [2]time.Time{start, end}, s.ReleaseMutation(ctx, paceInst, claim, gap)
	}
}
