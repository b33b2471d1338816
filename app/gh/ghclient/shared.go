package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
)

// SharedPacer takes an installation's turn to send a mutation for every process acting for it,
// so that the pacing holds for the installation as a whole when several replicas run: the store
// does it through the database they share. The client keeps its own pacing in front of it.
type SharedPacer interface {
	// ClaimMutation takes the turn for one mutation if it is free now: no other is in flight (a
	// claim older than lease has lapsed), the gap after the last one has passed, and for a
	// content-creating one (content) fewer than contentPerMinute started in the last minute
	// (zero: no such limit). It returns the claim, or how long to wait before asking again.
	ClaimMutation(ctx context.Context, installationID int64, content bool, contentPerMinute int, lease time.Duration) (claim string, wait time.Duration, err error)
	// ReleaseMutation ends a claim once its mutation was answered; the next may start gap later.
	ReleaseMutation(ctx context.Context, installationID int64, claim string, gap time.Duration) error
}

// WithSharedPacer spaces each installation's mutations through p as well, across every process
// sharing it, with the gaps of WithPacing: one mutation in flight, mutationGap after each answer,
// and no more content-creating requests in a minute than a minute holds content gaps.
func WithSharedPacer(p SharedPacer) Option { return func(s *settings) { s.shared = p } }

// sharedTurn is one installation's use of a SharedPacer.
type sharedTurn struct {
	pacer SharedPacer
	inst  int64
	log   logrus.FieldLogger
	lease time.Duration // bounds a claim whose process died: an attempt's timeout and a margin
}

// claimLeaseMargin is added to an attempt's timeout for the claim's lease.
const claimLeaseMargin = 5 * time.Second

// send claims the installation's turn, waiting as told, sends req and releases the turn with gap.
func (st *sharedTurn) send(next http.RoundTripper, req *http.Request, mutationGap, contentGap time.Duration) (*http.Response, error) {
	ctx := req.Context()
	post := req.Method == http.MethodPost
	perMinute := 0
	if post && contentGap > 0 {
		perMinute = max(int(time.Minute/contentGap), 1)
	}
	var claim string
	for claim == "" {
		var wait time.Duration
		var err error
		if claim, wait, err = st.pacer.ClaimMutation(ctx, st.inst, post, perMinute, st.lease); err != nil {
			closeBody(req)
			return nil, fmt.Errorf("shared pacing: %w", err)
		}
		if claim == "" {
			if err := sleepCtx(ctx, wait); err != nil {
				closeBody(req)
				return nil, err
			}
		}
	}
	resp, err := next.RoundTrip(req)
	// The turn is released even when the caller gave up, so that others need not wait for the
	// lease; a release that fails costs only that wait, and the answer stands.
	if rerr := st.pacer.ReleaseMutation(context.WithoutCancel(ctx), st.inst, claim, mutationGap); rerr != nil {
		st.log.WithError(rerr).Warn("shared pacing: turn not released; others wait for its lease")
	}
	return resp, err
}
