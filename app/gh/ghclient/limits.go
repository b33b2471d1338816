package ghclient

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// secondaryCap bounds the wait after repeated secondary rate limits.
const secondaryCap = 16 * time.Minute

// Budget is what GitHub last said of an installation's primary rate limit.
type Budget struct {
	Limit, Remaining int
	// Reset is when the window ends and Remaining goes back to Limit.
	Reset time.Time
}

// pausedError is a request not sent, because GitHub asked for a pause that has not ended.
type pausedError struct {
	until  time.Time
	reason string // "primary" or "secondary"
}

func (e *pausedError) Error() string {
	return fmt.Sprintf("GitHub %s rate limit: no requests until %s", e.reason, e.until.Format(time.RFC3339))
}

// limiter keeps one installation inside GitHub's rate limits: it reads the budget from every
// answer, and after an exhausted primary limit (until x-ratelimit-reset) or a secondary limit
// (for Retry-After, else a minute, doubled on each repeat and never tied to x-ratelimit-reset)
// it sends nothing until the pause ends.
type limiter struct {
	next  http.RoundTripper
	now   func() time.Time
	gauge func(remaining int)

	mu      sync.Mutex
	budget  Budget
	known   bool
	until   time.Time
	reason  string
	strikes int // secondary limits met in a row
}

func (l *limiter) RoundTrip(req *http.Request) (*http.Response, error) {
	if p := l.paused(); p != nil {
		closeBody(req)
		return nil, p
	}
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	l.observe(resp)
	return resp, nil
}

// paused is the pause in force, or nil.
func (l *limiter) paused() *pausedError {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.now().Before(l.until) {
		return &pausedError{until: l.until, reason: l.reason}
	}
	return nil
}

// pausedUntil is the end of the pause in force, or the zero time.
func (l *limiter) pausedUntil() time.Time {
	if p := l.paused(); p != nil {
		return p.until
	}
	return time.Time{}
}

func (l *limiter) observe(resp *http.Response) {
	b, ok := budgetOf(resp.Header)
	kind := refusalKind(resp)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if ok {
		l.budget, l.known = b, true
		if l.gauge != nil {
			l.gauge(b.Remaining)
		}
		if b.Remaining == 0 && b.Reset.After(now) {
			l.pause(b.Reset, "primary")
		}
	}
	switch {
	case kind == "secondary":
		l.strikes++
		wait := secondaryWait(resp.Header, l.strikes)
		l.pause(now.Add(wait), "secondary")
		// The pause is the limiter's to keep: without these, go-github holds back by itself on
		// the wall clock, and until x-ratelimit-reset when Retry-After is missing.
		resp.Header.Del("Retry-After")
		resp.Header.Del("X-RateLimit-Reset")
	case resp.StatusCode < 400:
		l.strikes = 0
	}
}

// secondaryWait is how long to pause after a secondary limit: as long as Retry-After asks,
// else a minute; a limit met again before any success waits a minute doubled for each one in
// the run (2, 4, 8… minutes, up to secondaryCap), and never less than asked.
func secondaryWait(h http.Header, strikes int) time.Duration {
	asked := retryAfter(h)
	if strikes <= 1 {
		return asked
	}
	wait := rateLimitBackoff
	for k := 1; k < strikes && wait < secondaryCap; k++ {
		wait *= 2
	}
	return max(min(wait, secondaryCap), asked)
}

// pause extends the pause to t; the caller holds mu.
func (l *limiter) pause(t time.Time, reason string) {
	if t.After(l.until) {
		l.until, l.reason = t, reason
	}
}

// Budget is the installation's last known budget.
func (l *limiter) Budget() (Budget, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.budget, l.known
}

// budgetOf reads the x-ratelimit-* headers.
func budgetOf(h http.Header) (Budget, bool) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return Budget{}, false
	}
	return Budget{Limit: limit, Remaining: remaining, Reset: time.Unix(reset, 0)}, true
}

// refusalKind tells an exhausted primary limit, a secondary limit and a plain refusal apart,
// for a 403 or 429 answer, by its headers and message; it is "" for other answers. The body
// is read and put back.
func refusalKind(resp *http.Response) string {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return ""
	}
	switch {
	case resp.Header.Get("X-RateLimit-Remaining") == "0":
		return "primary"
	case resp.Header.Get("Retry-After") != "" || resp.StatusCode == http.StatusTooManyRequests:
		return "secondary"
	case strings.Contains(strings.ToLower(peekBody(resp)), "secondary rate limit"):
		return "secondary"
	}
	return "forbidden"
}

// peekBody reads up to 64 KiB of an error answer and puts it back for go-github.
func peekBody(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return string(head)
}
