package ghclient

import (
	"context"
	"math/rand/v2"
	"time"
)

// Sleeper waits d, or returns the context's error first. Tests inject one that records and
// returns at once.
type Sleeper func(ctx context.Context, d time.Duration) error

// Jitter picks a wait in [0, limit]; the default is uniform ("full jitter").
type Jitter func(limit time.Duration) time.Duration

// backoff is the retry policy for transient failures: exponential with full jitter.
type backoff struct {
	base, cap time.Duration
	tries     int // attempts in all, the first included
	sleep     Sleeper
	jitter    Jitter
}

// delay is the wait before retry number n (1 for the first retry): a random point below
// min(cap, base·2^(n-1)).
func (b backoff) delay(n int) time.Duration {
	limit := b.base
	for k := 1; k < n && limit < b.cap; k++ {
		limit *= 2
	}
	return b.jitter(min(limit, b.cap))
}

// wait sleeps before retry n.
func (b backoff) wait(ctx context.Context, n int) error { return b.sleep(ctx, b.delay(n)) }

func fullJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit + 1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
