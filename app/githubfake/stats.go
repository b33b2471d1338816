package githubfake

import (
	"maps"
	"net/http"
)

// tokenRoute is the route template of installation token issuance.
const tokenRoute = "POST /app/installations/{id}/access_tokens"

// Stats counts the requests the fake has received.
type Stats struct {
	// Total counts every request, faulted and unhandled ones included.
	Total int
	// ByMethod counts requests by HTTP method.
	ByMethod map[string]int
	// ByRoute counts by method and route template, e.g. "GET /repos/{owner}/{repo}/git/blobs/{sha}".
	ByRoute map[string]int
	// ByPath counts by method and concrete path, e.g. "GET /repos/acme/api/git/blobs/3b18e5…".
	ByPath map[string]int
	// Unhandled counts requests for routes the fake does not know.
	Unhandled int
	// ByStatus counts answers by status code, 0 for a dropped connection.
	ByStatus map[int]int
	// NotModified counts 304 answers by method and route template; they cost no rate limit.
	NotModified map[string]int
	// Faulted counts requests that met an injected fault.
	Faulted int
	// TokensIssued counts installation tokens handed out.
	TokensIssued int
}

func newStats() Stats {
	return Stats{ByMethod: map[string]int{}, ByRoute: map[string]int{}, ByPath: map[string]int{},
		ByStatus: map[int]int{}, NotModified: map[string]int{}}
}

func (s *Stats) countStatus(method, route string, status int) {
	s.ByStatus[status]++
	if status == http.StatusNotModified {
		s.NotModified[method+" "+route]++
	}
}

func (s *Stats) count(method, route, path string) {
	s.Total++
	s.ByMethod[method]++
	if route != "" {
		s.ByRoute[method+" "+route]++
	}
	s.ByPath[method+" "+path]++
}

// Mutations counts requests other than GET and HEAD, not counting
// installation token issuance.
func (s Stats) Mutations() int {
	n := 0
	for m, c := range s.ByMethod {
		if m != http.MethodGet && m != http.MethodHead {
			n += c
		}
	}
	return n - s.ByRoute[tokenRoute]
}

func (s Stats) clone() Stats {
	s.ByMethod, s.ByRoute, s.ByPath = maps.Clone(s.ByMethod), maps.Clone(s.ByRoute), maps.Clone(s.ByPath)
	s.ByStatus, s.NotModified = maps.Clone(s.ByStatus), maps.Clone(s.NotModified)
	return s
}

// Requests returns a snapshot of the request counters.
func (f *Fake) Requests() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st.stats.clone()
}

// ResetRequests zeroes the request counters, e.g. after a test's setup phase.
func (f *Fake) ResetRequests() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.stats = newStats()
}
