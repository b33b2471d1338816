// Package metrics owns prc's Prometheus registry and the metric names that alerts and dashboards
// rely on: webhook deliveries, jobs, GitHub requests and rate limits, and the readiness events
// (evaluations, issues opened, ticks reverted, launches blocked). It also provides the
// middleware that counts them at the edges: the webhook handler, River's workers and the GitHub
// client's transport.
package metrics
