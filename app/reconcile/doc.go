// Package reconcile is prc's one use case: for a (repository, service), load the checklist and
// configuration, evaluate the repository, render, and bring GitHub in line — the PRC issue, the
// pull-request check run and the launch label. Every trigger converges here, and every operation
// is idempotent, so redeliveries, retries and concurrent events are harmless.
package reconcile
