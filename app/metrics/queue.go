package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// JobCounter counts a kind's jobs by state, as the store does.
type JobCounter interface {
	JobCounts(ctx context.Context, kind string) (map[string]int, error)
}

// queuedStates are the states of a job that waits to be worked.
var queuedStates = []string{"available", "retryable", "scheduled", "pending"}

// queue reports prc_jobs_queued{kind} from the store at scrape time, so every replica reports
// the shared queue's depth without keeping its own count.
type queue struct {
	store JobCounter
	kinds []string
	desc  *prometheus.Desc
}

// WatchQueue registers prc_jobs_queued{kind}, read from store for each of kinds when scraped.
func (m *Metrics) WatchQueue(store JobCounter, kinds []string) {
	m.Registry.MustRegister(&queue{store: store, kinds: kinds, desc: prometheus.NewDesc("prc_jobs_queued",
		"Jobs waiting to be worked (available, retryable, scheduled or pending), by kind.", []string{"kind"}, nil)})
}

func (q *queue) Describe(ch chan<- *prometheus.Desc) { ch <- q.desc }

func (q *queue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, kind := range q.kinds {
		counts, err := q.store.JobCounts(ctx, kind)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(q.desc, err)
			continue
		}
		n := 0
		for _, s := range queuedStates {
			n += counts[s]
		}
		ch <- prometheus.MustNewConstMetric(q.desc, prometheus.GaugeValue, float64(n), kind)
	}
}
