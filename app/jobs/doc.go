// Package jobs runs prc's durable work on River: processing recorded webhook deliveries,
// reconciling a service's PRC issue, posting pull-request checks, backfilling installations and
// the periodic resync. Each job has its own context, retries with backoff and log fields.
package jobs
