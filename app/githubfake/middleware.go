package githubfake

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/gorilla/mux"
)

type ctxKey struct{}

// bucket is one installation's primary rate-limit window.
type bucket struct {
	reset time.Time
	used  int
}

// rateInfo is what one request learned about its rate-limit bucket.
type rateInfo struct {
	bucket      int64
	limit, used int
	reset       time.Time
	exceeded    bool
}

// serveHTTP counts the request, applies rate limits and injected faults,
// then hands it to the router.
func (f *Fake) serveHTTP(w http.ResponseWriter, r *http.Request) {
	route := f.routeOf(r)
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, route))
	f.mu.Lock()
	f.st.stats.count(r.Method, route, r.URL.Path)
	ft := f.st.takeFault(r)
	rl := f.st.rate(f.st.bucketOf(r), f.cfg)
	f.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, f: f, bucket: rl.bucket, limit: rl.limit, method: r.Method, route: route}
	defer sw.count()
	w = sw

	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(rl.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(rl.limit-rl.used, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(rl.reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(rl.used))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Request-Id", rand.Text()[:16])
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	if ft != nil && !f.applyFault(w, r, ft) {
		return
	}
	if rl.exceeded {
		msg := fmt.Sprintf("API rate limit exceeded for installation ID %d.", rl.bucket)
		writeReply(w, r, reply{status: http.StatusForbidden, body: apiError{Message: msg,
			DocURL: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}})
		return
	}
	f.router.ServeHTTP(w, r)
}

var routeVar = regexp.MustCompile(`\{(\w+):[^}]*\}`)

// routeOf names the route a request matches, e.g.
// "/repos/{owner}/{repo}/git/blobs/{sha}", or "" when none does.
func (f *Fake) routeOf(r *http.Request) string {
	var m mux.RouteMatch
	if !f.router.Match(r, &m) || m.Route == nil || m.MatchErr != nil {
		return ""
	}
	tmpl, err := m.Route.GetPathTemplate()
	if err != nil {
		return ""
	}
	return routeVar.ReplaceAllString(tmpl, "{$1}")
}

// bucketOf picks the rate-limit bucket: the token's installation, else 0
// (the app's JWT and unauthenticated calls).
func (st *state) bucketOf(r *http.Request) int64 {
	if t, ok := st.tokens[credential(r)]; ok {
		return t.inst
	}
	return 0
}

// rate counts one request against a bucket, opening a new hourly window when
// the last one has passed. Windows follow the wall clock, as clients do.
func (st *state) rate(id int64, cfg config) rateInfo {
	now := time.Now()
	b := st.buckets[id]
	if b == nil || !now.Before(b.reset) {
		b = &bucket{reset: now.Truncate(time.Second).Add(time.Hour)}
		st.buckets[id] = b
	}
	b.used++
	return rateInfo{bucket: id, limit: cfg.rateLimit, used: b.used, reset: b.reset, exceeded: cfg.enforce && b.used > cfg.rateLimit}
}

// statusWriter counts the status of each answer, and refunds the rate limit of a 304, which
// costs nothing on GitHub.
type statusWriter struct {
	http.ResponseWriter
	f      *Fake
	bucket int64
	limit  int
	status int
	// method and route name the request in the stats; counted is set once they hold its answer.
	method, route string
	counted       bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if code == http.StatusNotModified {
			used := w.f.refund(w.bucket)
			w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(w.limit-used, 0)))
			w.Header().Set("X-RateLimit-Used", strconv.Itoa(used))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Hijack lets a Reset fault drop the connection. The dropped answer is counted first, so that a
// client that sees the connection close finds it in the stats.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("githubfake: connection cannot be hijacked")
	}
	w.count()
	return hj.Hijack()
}

func (w *statusWriter) count() {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	if !w.counted {
		w.counted = true
		w.f.st.stats.countStatus(w.method, w.route, w.status)
	}
}

// refund takes one request off a bucket and returns its use.
func (f *Fake) refund(id int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.st.buckets[id]
	if b == nil {
		return 0
	}
	b.used = max(b.used-1, 0)
	return b.used
}

// unhandled answers routes the fake does not know with 404 and fails the test.
func (f *Fake) unhandled(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.st.stats.Unhandled++
	f.mu.Unlock()
	f.errorf("unhandled %s %s", r.Method, r.URL.RequestURI())
	writeReply(w, r, notFound())
}
