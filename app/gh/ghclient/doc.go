// Package ghclient is the go-github adapter behind prc's GitHub boundary (package gh).
//
// It owns everything about talking to GitHub's REST API that the rest of the app must not see:
// installation tokens (ghinstallation, cached per installation), go-github v60 calls, paging,
// the mapping of GitHub's answers to gh.ErrNotFound and *gh.RetryLaterError, pacing under
// GitHub's secondary rate limits, one retry of idempotent reads on a 5xx, conditional GETs
// with ETags, and a log line (and metric) for every 403 and 429.
//
// Each installation's HTTP stack, outermost first:
//
//	etag cache → GET retry → pacer → ghinstallation → observer → base transport
//
// The observer sits under ghinstallation so it also sees token requests.
package ghclient
