package ghclient_test

import (
	"testing"
	"time"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

// TestBudgetLow: an installation runs low once GitHub's x-ratelimit-remaining falls below the
// floor kept for event-driven work (10% of the limit, or a configured floor if higher), and stays
// low until x-ratelimit-reset.
func TestBudgetLow(t *testing.T) {
	tests := map[string]struct {
		opts    []ghclient.Option
		lowFrom int // the request after which it is low, of a limit of 20
	}{
		"10% of the limit": {lowFrom: 19},
		"a higher floor":   {opts: []ghclient.Option{ghclient.WithBudgetFloor(5)}, lowFrom: 16},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, githubfake.WithRateLimit(20))
			cs := e.clients(t, append(tc.opts, ghclient.WithETagCache(0))...)
			if _, low := cs.Low(inst); low {
				t.Fatal("low before any request")
			}
			c, _ := cs.Installation(bg, inst)
			for k := 1; k <= 19; k++ {
				if _, err := c.Repository(bg, org, repoN); err != nil {
					t.Fatalf("call %d: %v", k, err)
				}
				until, low := cs.Low(inst)
				if low != (k >= tc.lowFrom) {
					t.Fatalf("after %d of 20 requests low = %v, want %v", k, low, k >= tc.lowFrom)
				}
				if b, _ := cs.Budget(inst); low && (!until.Equal(b.Reset) || time.Until(until) < 59*time.Minute) {
					t.Errorf("low until %v, want the reset %v, about an hour away", until, b.Reset)
				}
			}
		})
	}
}
