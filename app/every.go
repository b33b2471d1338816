package app

import (
	"context"
	"time"
)

// every runs fn every d until ctx ends, and once at the start too when first is set. fn reports
// its own failures: the loop only keeps time.
func every(ctx context.Context, d time.Duration, first bool, fn func(context.Context)) {
	t := time.NewTicker(d)
	defer t.Stop()
	if first {
		fn(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn(ctx)
		}
	}
}
