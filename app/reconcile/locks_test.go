package reconcile

import (
	"context"
	"testing"
	"time"
)

func TestLockTTLFollowsTheJobDeadline(t *testing.T) {
	tests := map[string]struct {
		deadline time.Duration // from now; zero for none
		min, max time.Duration
	}{
		"a job with a minute left":  {deadline: time.Minute, min: 50 * time.Second, max: time.Minute},
		"a job past its deadline":   {deadline: -time.Second, min: time.Second, max: time.Second},
		"no deadline, outside jobs": {min: 2 * time.Minute, max: 2 * time.Minute},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if tc.deadline != 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, time.Now().Add(tc.deadline))
				defer cancel()
			}
			if got := lockTTL(ctx); got < tc.min || got > tc.max {
				t.Errorf("lockTTL = %v, want within [%v, %v]", got, tc.min, tc.max)
			}
		})
	}
}
