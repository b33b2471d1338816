package githubfake

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Forever, as Fault.Times, keeps a fault in force for every matching request.
const Forever = -1

// secondaryLimitDocs is the documentation_url GitHub sends with secondary
// rate limits; go-github recognises the error by its suffix.
const secondaryLimitDocs = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"

// Fault is an injected misbehaviour for matching requests.
type Fault struct {
	// Status answers with this HTTP status (e.g. 502) instead of serving the request.
	// Zero with a Delay means "slow, then served normally".
	Status int
	// RetryAfter sets the Retry-After header, rounded up to whole seconds.
	RetryAfter time.Duration
	// Delay holds the response back this long (or until the client gives up).
	Delay time.Duration
	// Times is how many matching requests the fault applies to: 0 means once,
	// Forever means always.
	Times int
	// SecondaryRateLimit answers 403 with GitHub's secondary rate limit body.
	SecondaryRateLimit bool
	// Message overrides the error body's message.
	Message string
	// Reset drops the connection without an answer, as a reset or a crashed proxy would.
	Reset bool
	// AfterServe serves the request first, so its effect happens, and then answers with the
	// fault: the client sees a failure for a write that succeeded.
	AfterServe bool
}

// Match selects the requests a fault applies to; nil matches every request.
type Match func(*http.Request) bool

// On matches a method ("" or "*" for any) and a path, given either as a
// path.Match glob over the request path ("/repos/*/*/git/blobs/*") or as the
// fake's route template ("/repos/{owner}/{repo}/git/blobs/{sha}").
func On(method, pattern string) Match {
	return func(r *http.Request) bool {
		if method != "" && method != "*" && !strings.EqualFold(method, r.Method) {
			return false
		}
		if route, _ := r.Context().Value(ctxKey{}).(string); route != "" && route == pattern {
			return true
		}
		ok, _ := path.Match(pattern, r.URL.Path)
		return ok
	}
}

type pendingFault struct {
	match Match
	fault Fault
	left  int
}

// Fail queues a fault. Each request takes the first queued fault that
// matches it; a fault leaves the queue once its Times are used up.
func (f *Fake) Fail(match Match, fault Fault) {
	left := fault.Times
	if left == 0 {
		left = 1
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.faults = append(f.st.faults, &pendingFault{match: match, fault: fault, left: left})
}

// PendingFaults counts the queued faults not yet used up (Forever ones included).
func (f *Fake) PendingFaults() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.st.faults)
}

// takeFault consumes one use of the first fault matching r.
func (st *state) takeFault(r *http.Request) *Fault {
	for k, p := range st.faults {
		if p.match != nil && !p.match(r) {
			continue
		}
		if p.left > 0 {
			p.left--
			if p.left == 0 {
				st.faults = append(st.faults[:k:k], st.faults[k+1:]...)
			}
		}
		st.stats.Faulted++
		ft := p.fault
		return &ft
	}
	return st.randomFault(r)
}

// applyFault delays and/or answers a request; it reports whether the request
// should still be served normally.
func (f *Fake) applyFault(w http.ResponseWriter, r *http.Request, ft *Fault) bool {
	if ft.AfterServe {
		f.router.ServeHTTP(discard{header: http.Header{}}, r)
	}
	if ft.Reset {
		resetConn(w)
		return false
	}
	if ft.Delay > 0 {
		t := time.NewTimer(ft.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	if ft.RetryAfter > 0 {
		secs := int64((ft.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	switch {
	case ft.SecondaryRateLimit:
		msg := ft.Message
		if msg == "" {
			msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
				"If you reach out to GitHub Support for help, please include the request ID " + w.Header().Get("X-GitHub-Request-Id") + "."
		}
		writeReply(w, r, reply{status: http.StatusForbidden, body: apiError{Message: msg, DocURL: secondaryLimitDocs}})
	case ft.Status != 0:
		msg := ft.Message
		if msg == "" {
			msg = http.StatusText(ft.Status)
		}
		writeReply(w, r, *errReply(ft.Status, msg))
	default:
		return true
	}
	return false
}
