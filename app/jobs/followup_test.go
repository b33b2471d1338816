package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/app/reconcile"
	"github.com/riverqueue/river"
)

func TestReconcileOutcomes(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err      error
		reason   string
		enqueued string // the follow-up, if any
		marks    string
		wantErr  bool
	}{
		"busy leaves one follow-up and completes": {err: fmt.Errorf("x: %w", reconcile.ErrBusy), reason: "push",
			enqueued: "[{{7 acme shop} false true after busy: push}]"},
		"a follow-up's reason is prefixed once": {err: reconcile.ErrBusy, reason: "after busy: push",
			enqueued: "[{{7 acme shop} false true after busy: push}]"},
		"success clears the stale mark": {reason: "push", marks: "clear 7 acme/shop"},
		"failure leaves it":             {err: errors.New("boom"), reason: "push", wantErr: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness()
			stale := &fakeStale{}
			h.d.Stale = stale
			h.rec.err = tt.err
			err := (&reconcileWorker{d: h.d}).Work(context.Background(), job(ReconcileArgs{Repo: repo, SkipUnchanged: true, Reason: tt.reason}))
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if got := followUps(h.st.enqueued); got != tt.enqueued {
				t.Errorf("enqueued %s, want %s", got, tt.enqueued)
			}
			if got := strings.Join(stale.calls, "; "); got != tt.marks {
				t.Errorf("marks %q, want %q", got, tt.marks)
			}
		})
	}
}

func followUps(jobs []river.JobArgs) string {
	if len(jobs) == 0 {
		return ""
	}
	var out []string
	for _, j := range jobs {
		a, ok := j.(ReconcileArgs)
		if !ok {
			out = append(out, fmt.Sprintf("%T", j))
			continue
		}
		out = append(out, fmt.Sprintf("{%v %v %v %s}", a.Repo, a.Force, a.SkipUnchanged, a.Reason))
	}
	return "[" + strings.Join(out, " ") + "]"
}
