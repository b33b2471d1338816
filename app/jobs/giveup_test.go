package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// fakeStale records the marks GiveUp makes.
type fakeStale struct{ calls []string }

func (f *fakeStale) MarkStale(_ context.Context, inst int64, owner, name, reason string) error {
	f.calls = append(f.calls, fmt.Sprintf("mark %d %s/%s: %s", inst, owner, name, reason))
	return nil
}

func (f *fakeStale) ClearStale(_ context.Context, inst int64, owner, name string) error {
	f.calls = append(f.calls, fmt.Sprintf("clear %d %s/%s", inst, owner, name))
	return nil
}

func TestGiveUpIsVisible(t *testing.T) {
	t.Parallel()
	boom := errors.New("GitHub said 502")
	tests := map[string]struct {
		args     river.JobArgs
		attempt  int
		err      error
		calls    string
		gaveUp   float64
		wantLine bool
	}{
		"a reconcile's last try fails": {ReconcileArgs{Repo: repo}, 10, boom, "mark 7 acme/shop: GitHub said 502", 1, true},
		"a check's last try fails":     {CheckArgs{Repo: repo}, 10, boom, "mark 7 acme/shop: GitHub said 502", 1, true},
		"an earlier try fails":         {ReconcileArgs{Repo: repo}, 9, boom, "", 0, false},
		"the last try snoozes":         {ReconcileArgs{Repo: repo}, 10, river.JobSnooze(1), "", 0, false},
		"the last try is cancelled":    {ReconcileArgs{Repo: repo}, 10, river.JobCancel(boom), "", 0, false},
		"a resync's last try fails":    {ResyncArgs{}, 10, boom, "", 1, true},
		"a reconcile succeeds":         {ReconcileArgs{Repo: repo}, 3, nil, "", 0, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			log := logrus.New()
			log.SetOutput(&logs)
			stale := &fakeStale{}
			reg := prometheus.NewRegistry()
			g, err := NewGiveUp(stale, log, reg)
			if err != nil {
				t.Fatal(err)
			}
			encoded, _ := json.Marshal(tt.args)
			row := &rivertype.JobRow{ID: 3, Kind: tt.args.Kind(), Attempt: tt.attempt, MaxAttempts: 10, EncodedArgs: encoded}
			if got := g.Work(context.Background(), row, func(context.Context) error { return tt.err }); got != tt.err {
				t.Errorf("Work returned %v, want the job's own %v", got, tt.err)
			}
			if got := strings.Join(stale.calls, "; "); got != tt.calls {
				t.Errorf("marks %q, want %q", got, tt.calls)
			}
			if got := gaveUpCount(t, reg, tt.args.Kind()); got != tt.gaveUp {
				t.Errorf("prc_jobs_gave_up_total{kind=%q} = %v, want %v", tt.args.Kind(), got, tt.gaveUp)
			}
			if line := strings.Contains(logs.String(), "job gave up after its last try"); line != tt.wantLine {
				t.Errorf("give-up logged: %v, want %v\n%s", line, tt.wantLine, logs.String())
			}
		})
	}
}

// gaveUpCount reads prc_jobs_gave_up_total{kind} from reg.
func gaveUpCount(t *testing.T, reg *prometheus.Registry, kind string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "prc_jobs_gave_up_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "kind" && l.GetValue() == kind {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
