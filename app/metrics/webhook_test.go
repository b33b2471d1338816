package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWebhookCountsDeliveriesByEventAndOutcome(t *testing.T) {
	tests := map[string]struct {
		event          string
		status         int
		label, outcome string
	}{
		"accepted":        {"push", http.StatusAccepted, "push", "accepted"},
		"duplicate":       {"issues", http.StatusOK, "issues", "duplicate"},
		"ping":            {"ping", http.StatusOK, "ping", "accepted"},
		"bad signature":   {"made_up_event", http.StatusUnauthorized, "unverified", "rejected"},
		"too large":       {"push", http.StatusRequestEntityTooLarge, "unverified", "rejected"},
		"malformed":       {"push", http.StatusBadRequest, "push", "rejected"},
		"store down":      {"push", http.StatusServiceUnavailable, "push", "error"},
		"odd event names": {"Push<1>", http.StatusAccepted, "unknown", "accepted"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New()
			h := m.Webhook(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(tc.status) }))
			req := httptest.NewRequest(http.MethodPost, "/api/github/webhook", strings.NewReader("{}"))
			req.Header.Set("X-GitHub-Event", tc.event)
			h.ServeHTTP(httptest.NewRecorder(), req)
			series := gathered(t, m, "prc_webhook_deliveries_total")
			if len(series) != 1 || series[0] != tc.label+","+tc.outcome+"=1" {
				t.Errorf("series = %v, want [%s,%s=1]", series, tc.label, tc.outcome)
			}
		})
	}
}

// gathered lists a family's series as "label values=value", gathered through the registry.
func gathered(t *testing.T, m *Metrics, name string) []string {
	t.Helper()
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, s := range f.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, l.GetValue())
			}
			v := s.GetCounter().GetValue() + s.GetGauge().GetValue()
			out = append(out, fmt.Sprintf("%s=%g", strings.Join(labels, ","), v))
		}
	}
	return out
}
