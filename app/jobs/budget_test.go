package jobs

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// lowBudget says installation 7's rate limit is low until the hour ends, when low is set.
type lowBudget struct{ low bool }

func (b lowBudget) Low(id int64) (time.Time, bool) { return testNow.Add(time.Hour), b.low && id == 7 }

// TestBackgroundWorkYields: with the budget low, a backfill and the reconciles it enqueued snooze
// until the reset without reaching GitHub, while event-driven reconciles go ahead.
func TestBackgroundWorkYields(t *testing.T) {
	t.Parallel()
	backfill := func(ctx context.Context, d Deps) error {
		return (&backfillWorker{d: d}).Work(ctx, job(BackfillArgs{InstallationID: 7}))
	}
	reconcileFor := func(background bool) func(context.Context, Deps) error {
		return func(ctx context.Context, d Deps) error {
			return (&reconcileWorker{d: d}).Work(ctx, job(ReconcileArgs{Repo: repo, SkipUnchanged: true, Background: background, Reason: "test"}))
		}
	}
	tests := map[string]struct {
		work  func(context.Context, Deps) error
		low   bool
		yield bool
	}{
		"backfill, budget low":             {work: backfill, low: true, yield: true},
		"backfill, budget fine":            {work: backfill},
		"backfill's reconcile, budget low": {work: reconcileFor(true), low: true, yield: true},
		"push's reconcile, budget low":     {work: reconcileFor(false), low: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness()
			h.d.Budget = lowBudget{low: tc.low}
			err := tc.work(context.Background(), h.d)
			var snooze *rivertype.JobSnoozeError
			if got := errors.As(err, &snooze); got != tc.yield {
				t.Fatalf("err = %v; yielded %v, want %v", err, got, tc.yield)
			}
			if tc.yield && (snooze.Duration != time.Hour || len(h.rec.calls) != 0) {
				t.Errorf("snoozed %s after %q; want an hour, before any work", snooze.Duration, h.rec.calls)
			}
			if !tc.yield && len(h.rec.calls) != 1 {
				t.Errorf("calls %q, want the work done", h.rec.calls)
			}
		})
	}
}

// TestBackgroundReconcileStandsForNoEvent: a waiting backfill reconcile, which may yield for an
// hour, never stands for an event's reconcile; an event's can stand for a backfill's.
func TestBackgroundReconcileStandsForNoEvent(t *testing.T) {
	t.Parallel()
	event := ReconcileArgs{Repo: repo, SkipUnchanged: true, Reason: "push"}.CoalesceOn()
	background := ReconcileArgs{Repo: repo, SkipUnchanged: true, Background: true, Reason: "backfill"}.CoalesceOn()
	if !slices.Contains(event.Unset, "background") {
		t.Errorf("an event's reconcile may be stood for by a background one: %+v", event)
	}
	if slices.Contains(background.Unset, "background") || slices.Contains(background.Set, "background") {
		t.Errorf("a background reconcile is not stood for by an event's: %+v", background)
	}
}
