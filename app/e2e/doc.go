// Package e2e holds the end-to-end tests of the GitHub App: the real `prc serve` wiring (router,
// store, workers, reconciler, go-github adapter) against the stateful GitHub fake, driven by the
// real webhook payloads, on SQLite and, when configured, PostgreSQL.
package e2e
