package metrics

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// maxTokens bounds the token-to-installation map; tokens live an hour, so a busy App holds one
// per installation it talks to.
const maxTokens = 10000

// GitHub wraps the transport under the GitHub client: it counts every request by endpoint
// template and status, and keeps each installation's remaining rate limit. It learns which
// installation a token belongs to from GitHub's answer when the token is created.
func (m *Metrics) GitHub(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &githubTransport{next: next, m: m, tokens: map[string]string{}}
}

type githubTransport struct {
	next http.RoundTripper
	m    *Metrics

	mu     sync.Mutex
	tokens map[string]string // installation token -> installation id
}

var tokenPath = regexp.MustCompile(`/app/installations/([0-9]+)/access_tokens$`)

func (g *githubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	endpoint := Endpoint(req.Method, req.URL.Path)
	inst := g.installation(req)
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		g.m.requests.WithLabelValues(endpoint, "error").Inc()
		return nil, err
	}
	g.m.requests.WithLabelValues(endpoint, strconv.Itoa(resp.StatusCode)).Inc()
	if m := tokenPath.FindStringSubmatch(req.URL.Path); m != nil && resp.StatusCode == http.StatusCreated {
		inst = m[1]
		g.learnToken(resp, inst)
	}
	if rem := resp.Header.Get("X-RateLimit-Remaining"); rem != "" && inst != "" {
		if n, err := strconv.ParseFloat(rem, 64); err == nil {
			g.m.rateRemaining.WithLabelValues(inst).Set(n)
		}
	}
	return resp, nil
}

// installation is the installation whose token authorises req, "0" for the App's JWT, or ""
// when unknown.
func (g *githubTransport) installation(req *http.Request) string {
	h := req.Header.Get("Authorization")
	if strings.HasPrefix(h, "Bearer ") {
		return "0"
	}
	tok, ok := strings.CutPrefix(h, "token ")
	if !ok {
		return ""
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.tokens[tok]
}

// learnToken reads the new token from the answer and gives the body back intact.
func (g *githubTransport) learnToken(resp *http.Response, inst string) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var tok struct {
		Token string `json:"token"`
	}
	if err != nil || json.Unmarshal(body, &tok) != nil || tok.Token == "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.tokens) >= maxTokens {
		clear(g.tokens)
	}
	g.tokens[tok.Token] = inst
}

var (
	hexSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)
	number = regexp.MustCompile(`^[0-9]+$`)
	// tail names the segments after which the rest of the path is one variable (a file path, a
	// ref or a label name, which may hold slashes); single those after which one segment is.
	tail   = map[string]bool{"contents": true, "ref": true, "refs": true, "branches": true, "labels": true}
	single = map[string]bool{"commits": true, "trees": true, "blobs": true, "users": true}
)

// Endpoint is the method and a path template with its variable parts replaced, so the label has
// a bounded number of values: GET /repos/{owner}/{repo}/issues/{n}.
func Endpoint(method, path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	// GitHub Enterprise prefixes the API with /api/v3.
	if len(parts) >= 2 && parts[0] == "api" && parts[1] == "v3" {
		parts = parts[2:]
	}
	out := make([]string, 0, len(parts))
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		switch {
		case (p == "repos" || p == "orgs") && i+1 < len(parts):
			out = append(out, p, "{owner}")
			i++
			if p == "repos" && i+1 < len(parts) {
				out = append(out, "{repo}")
				i++
			}
			continue
		case number.MatchString(p):
			p = "{n}"
		case hexSHA.MatchString(p):
			p = "{sha}"
		}
		out = append(out, p)
		switch {
		case tail[p] && i+1 < len(parts):
			return method + " /" + strings.Join(append(out, "{ref}"), "/")
		case single[p] && i+1 < len(parts):
			out = append(out, "{ref}")
			i++
		}
	}
	return method + " /" + strings.Join(out, "/")
}
