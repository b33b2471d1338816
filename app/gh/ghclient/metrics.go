package ghclient

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the adapter's Prometheus collectors; a nil *metrics counts nothing.
type metrics struct {
	requests  *prometheus.CounterVec
	refused   *prometheus.CounterVec
	retries   *prometheus.CounterVec
	gaveUp    *prometheus.CounterVec
	remaining *prometheus.GaugeVec
}

// newMetrics registers the collectors with reg, reusing those another Clients registered.
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prc_github_requests_total",
			Help: "Requests sent to GitHub, token requests and retries included, by endpoint (method and route template) and status (\"error\" when no answer came).",
		}, []string{"endpoint", "status"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prc_github_refused_total",
			Help: "GitHub answers 403 or 429, by status and kind (primary, secondary, forbidden).",
		}, []string{"status", "kind"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prc_github_retries_total",
			Help: "GitHub requests sent again after a 5xx, a failed connection or a timeout, by endpoint.",
		}, []string{"endpoint"}),
		gaveUp: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prc_github_gave_up_total",
			Help: "GitHub requests that still failed after every retry, by endpoint.",
		}, []string{"endpoint"}),
		remaining: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "prc_github_rate_limit_remaining",
			Help: "Requests left in the installation's primary rate-limit window, as GitHub last said.",
		}, []string{"installation"}),
	}
	var err error
	if m.requests, err = register(reg, m.requests); err != nil {
		return nil, err
	}
	if m.refused, err = register(reg, m.refused); err != nil {
		return nil, err
	}
	if m.retries, err = register(reg, m.retries); err != nil {
		return nil, err
	}
	if m.gaveUp, err = register(reg, m.gaveUp); err != nil {
		return nil, err
	}
	if m.remaining, err = register(reg, m.remaining); err != nil {
		return nil, err
	}
	return m, nil
}

// register adds c to reg, or returns the collector of the same name already there.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, fmt.Errorf("register GitHub metrics: %w", err)
}

func (m *metrics) countRequest(endpoint string, status int) {
	if m == nil {
		return
	}
	s := "error"
	if status > 0 {
		s = strconv.Itoa(status)
	}
	m.requests.WithLabelValues(endpoint, s).Inc()
}

func (m *metrics) countRefused(status, kind string) {
	if m != nil {
		m.refused.WithLabelValues(status, kind).Inc()
	}
}

func (m *metrics) countRetry(endpoint string) {
	if m != nil {
		m.retries.WithLabelValues(endpoint).Inc()
	}
}

func (m *metrics) countGaveUp(endpoint string) {
	if m != nil {
		m.gaveUp.WithLabelValues(endpoint).Inc()
	}
}

// remainingGauge sets the rate-limit gauge of one installation.
func (m *metrics) remainingGauge(inst int64) func(int) {
	if m == nil {
		return nil
	}
	g := m.remaining.WithLabelValues(strconv.FormatInt(inst, 10))
	return func(n int) { g.Set(float64(n)) }
}

// forget drops an installation's gauge.
func (m *metrics) forget(inst int64) {
	if m != nil {
		m.remaining.DeleteLabelValues(strconv.FormatInt(inst, 10))
	}
}
