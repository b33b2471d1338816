// Package webhook is the thin, honest edge of the GitHub App: it verifies the signature, bounds
// the body, records the delivery and enqueues its job in one transaction, and answers within
// milliseconds. It does nothing else; the work happens in jobs.
package webhook
