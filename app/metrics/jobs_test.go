package metrics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

func TestJobMiddlewareCountsOutcomesAndCarriesMetrics(t *testing.T) {
	tests := map[string]struct {
		err  error
		want string
	}{
		"ok":        {nil, "ok"},
		"failed":    {errors.New("boom"), "error"},
		"snoozed":   {river.JobSnooze(time.Second), "snoozed"},
		"cancelled": {river.JobCancel(errors.New("gone")), "cancelled"},
		"timeout":   {fmt.Errorf("read tree: %w", context.DeadlineExceeded), "timeout"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New()
			var seen *Metrics
			err := m.Jobs().Work(context.Background(), &rivertype.JobRow{Kind: "reconcile"}, func(ctx context.Context) error {
				seen = From(ctx)
				return tc.err
			})
			if !errors.Is(err, tc.err) || seen != m {
				t.Errorf("Work = %v (metrics in context: %v), want the job's own error", err, seen == m)
			}
			if got := strings.Join(gathered(t, m, "prc_jobs_total"), " "); got != "reconcile,"+tc.want+"=1" {
				t.Errorf("prc_jobs_total = %s, want reconcile,%s=1", got, tc.want)
			}
		})
	}
}
