package jobs

import (
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
)

func TestJobDeadlines(t *testing.T) {
	tests := map[string]struct {
		timeout func() time.Duration
		want    time.Duration // zero: the store's default deadline
	}{
		"backfill pages a whole installation": {func() time.Duration { return (&backfillWorker{}).Timeout(nil) }, backfillTimeout},
		"reconcile":                           {func() time.Duration { return (&reconcileWorker{}).Timeout(nil) }, 0},
		"delivery":                            {func() time.Duration { return (&deliveryWorker{}).Timeout(nil) }, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tc.timeout(); got != tc.want {
				t.Errorf("Timeout = %v, want %v", got, tc.want)
			}
		})
	}
	if backfillTimeout <= store.DefaultJobTimeout || backfillTimeout > 10*time.Minute {
		t.Errorf("backfill deadline %v should exceed the %v default and stay within 10 minutes", backfillTimeout, store.DefaultJobTimeout)
	}
}
