// Package events maps each GitHub webhook event to what it means for prc: bookkeeping of
// installations and repositories, and the jobs to run (reconcile a repository, review an issue
// edit, gate a launch, post a check). One event per file; no handler talks to GitHub.
package events
