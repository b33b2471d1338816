package ghclient

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	refused *prometheus.CounterVec
}

// newMetrics registers the counters with reg, reusing them when another Clients already did.
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	refused := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prc_github_refused_total",
		Help: "GitHub answers 403 or 429, by status and kind (primary, secondary, forbidden).",
	}, []string{"status", "kind"})
	if err := reg.Register(refused); err != nil {
		var already prometheus.AlreadyRegisteredError
		if !errors.As(err, &already) {
			return nil, fmt.Errorf("register GitHub metrics: %w", err)
		}
		existing, ok := already.ExistingCollector.(*prometheus.CounterVec)
		if !ok {
			return nil, fmt.Errorf("register GitHub metrics: %w", err)
		}
		refused = existing
	}
	return &metrics{refused: refused}, nil
}

func (m *metrics) countRefused(status, kind string) {
	if m != nil {
		m.refused.WithLabelValues(status, kind).Inc()
	}
}
