package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is prc's registry and the collectors in it. Its methods are safe on a nil *Metrics,
// which counts nothing, so code paths without metrics need no checks.
type Metrics struct {
	// Registry holds every collector below, plus Go and process collectors.
	Registry *prometheus.Registry

	deliveries    *prometheus.CounterVec
	jobs          *prometheus.CounterVec
	jobDuration   *prometheus.HistogramVec
	evaluations   prometheus.Counter
	issuesOpened  prometheus.Counter
	ticksReverted prometheus.Counter
	launchBlocked prometheus.Counter
}

// New creates the registry with every contract metric registered.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prc_webhook_deliveries_total",
			Help: "Webhook deliveries received, by event and outcome (accepted, duplicate, rejected, error)."}, []string{"event", "outcome"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prc_jobs_total",
			Help: "Jobs worked, by kind and outcome (ok, error, cancelled)."}, []string{"kind", "outcome"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "prc_job_duration_seconds",
			Help: "Time spent working a job, by kind.", Buckets: prometheus.ExponentialBuckets(0.01, 4, 8)}, []string{"kind"}),
		evaluations:   prometheus.NewCounter(prometheus.CounterOpts{Name: "prc_evaluations_total", Help: "Services evaluated against their checklist."}),
		issuesOpened:  prometheus.NewCounter(prometheus.CounterOpts{Name: "prc_issues_opened_total", Help: "PRC issues opened."}),
		ticksReverted: prometheus.NewCounter(prometheus.CounterOpts{Name: "prc_ticks_reverted_total", Help: "Ticks prc put back: manual items ticked by people without write access, and auto items, which prc verifies."}),
		launchBlocked: prometheus.NewCounter(prometheus.CounterOpts{Name: "prc_launches_blocked_total", Help: "Launch labels removed from incomplete checklists."}),
	}
	m.Registry.MustRegister(m.deliveries, m.jobs, m.jobDuration,
		m.evaluations, m.issuesOpened, m.ticksReverted, m.launchBlocked,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in Prometheus's exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Delivery counts one webhook delivery.
func (m *Metrics) Delivery(event, outcome string) {
	if m != nil {
		m.deliveries.WithLabelValues(event, outcome).Inc()
	}
}

// Job counts one worked job and its duration.
func (m *Metrics) Job(kind, outcome string, d time.Duration) {
	if m != nil {
		m.jobs.WithLabelValues(kind, outcome).Inc()
		m.jobDuration.WithLabelValues(kind).Observe(d.Seconds())
	}
}

// Evaluated counts one service evaluation.
func (m *Metrics) Evaluated() {
	if m != nil {
		m.evaluations.Inc()
	}
}

// IssueOpened counts one PRC issue opened.
func (m *Metrics) IssueOpened() {
	if m != nil {
		m.issuesOpened.Inc()
	}
}

// TicksReverted counts n ticks prc put back.
func (m *Metrics) TicksReverted(n int) {
	if m != nil {
		m.ticksReverted.Add(float64(n))
	}
}

// LaunchBlocked counts one refused launch.
func (m *Metrics) LaunchBlocked() {
	if m != nil {
		m.launchBlocked.Inc()
	}
}

type ctxKey struct{}

// NewContext returns ctx carrying m, for code that counts events deep in a job.
func NewContext(ctx context.Context, m *Metrics) context.Context {
	return context.WithValue(ctx, ctxKey{}, m)
}

// From returns the Metrics in ctx, or nil (which counts nothing).
func From(ctx context.Context) *Metrics {
	m, _ := ctx.Value(ctxKey{}).(*Metrics)
	return m
}
