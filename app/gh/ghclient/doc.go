// Package ghclient is the go-github adapter behind prc's GitHub boundary (package gh).
//
// It owns everything about talking to GitHub's REST API that the rest of the app must not see:
// installation tokens (ghinstallation, cached per installation), go-github v60 calls, paging,
// the mapping of GitHub's answers to gh.ErrNotFound, gh.ErrUnavailable and
// *gh.RetryLaterError, retries, rate limits, pacing, conditional GETs with ETags, a short
// memory of absent org files, client metrics, and the App's webhook delivery log.
//
// Each installation's HTTP stack, outermost first:
//
//		etag cache → retrier → limiter → pacer → ghinstallation → observer → base transport
//
//	  - retrier: each attempt has its own timeout; a 5xx, a failed connection or a timed-out
//	    attempt of a repeatable request (GET, HEAD, PUT, PATCH, DELETE, and POSTs marked safe) is
//	    sent again after a random wait below 1 s, 2 s, 4 s… up to a cap (full jitter), a few
//	    times, then given up with a log line and prc_github_gave_up_total. Requests that create
//	    (issues, comments, check runs) are retried one level up, by createOnce, which looks for
//	    what it meant to create before creating again.
//	  - limiter: tracks the installation's budget from x-ratelimit-* headers (Clients.Budget,
//	    prc_github_rate_limit_remaining). At remaining 0 it sends nothing until
//	    x-ratelimit-reset; after a secondary limit it sends nothing for Retry-After, else a
//	    minute, doubling on repeats and never tied to x-ratelimit-reset. Callers get a
//	    *gh.RetryLaterError dated at the end of the pause, so jobs snooze instead of spinning.
//	  - observer: counts every request by endpoint (a route template, never a raw path) and
//	    status as prc_github_requests_total, and logs and counts every 403 and 429 once. It sits
//	    under ghinstallation so it also sees token requests.
package ghclient
