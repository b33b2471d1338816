package ghclient

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/sirupsen/logrus"
)

// observer is the client-metrics middleware: it counts every request by endpoint and status,
// and logs and counts every 403 and 429, token requests included, once.
type observer struct {
	next    http.RoundTripper
	log     logrus.FieldLogger
	metrics *metrics
}

func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(req)
	o.metrics.countRequest(endpointOf(req), statusOf(resp))
	if err != nil {
		return resp, err
	}
	kind := refusalKind(resp)
	if kind == "" {
		return resp, nil
	}
	o.metrics.countRefused(strconv.Itoa(resp.StatusCode), kind)
	o.log.WithFields(logrus.Fields{
		"github_status": resp.StatusCode, "refusal": kind, "method": req.Method, "path": req.URL.Path,
		"retry_after": resp.Header.Get("Retry-After"), "ratelimit_remaining": resp.Header.Get("X-RateLimit-Remaining"),
		"request_id": resp.Header.Get("X-GitHub-Request-Id"),
	}).Warn("GitHub refused a request")
	return resp, nil
}

// pacer spaces one installation's mutating requests under GitHub's secondary limits. GitHub
// asks for mutations to be sent one at a time, so they take turns, and each waits its gap from
// the moment the previous one was answered: the spacing holds on the wire, not only on paper.
type pacer struct {
	next        http.RoundTripper
	mutationGap time.Duration // between any two of POST, PATCH, PUT, DELETE
	contentGap  time.Duration // between two POSTs, which create content
	turn        chan struct{}
	shared      *sharedTurn // nil: this process alone acts for the installation

	// Guarded by turn.
	lastMutation, lastPost time.Time
}

func newPacer(next http.RoundTripper, mutationGap, contentGap time.Duration) *pacer {
	return &pacer{next: next, mutationGap: mutationGap, contentGap: contentGap, turn: make(chan struct{}, 1)}
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	post := req.Method == http.MethodPost
	switch req.Method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
	default:
		return p.next.RoundTrip(req)
	}
	if p.mutationGap <= 0 && (!post || p.contentGap <= 0) {
		return p.next.RoundTrip(req)
	}
	ctx := req.Context()
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		closeBody(req)
		return nil, ctx.Err()
	}
	defer func() { <-p.turn }()
	until := p.lastMutation.Add(p.mutationGap)
	if post && p.lastPost.Add(p.contentGap).After(until) {
		until = p.lastPost.Add(p.contentGap)
	}
	if err := sleepUntil(ctx, until); err != nil {
		closeBody(req)
		return nil, err
	}
	var resp *http.Response
	var err error
	if p.shared != nil {
		resp, err = p.shared.send(p.next, req, p.mutationGap, p.contentGap)
	} else {
		resp, err = p.next.RoundTrip(req)
	}
	p.lastMutation = time.Now()
	if post {
		p.lastPost = p.lastMutation
	}
	return resp, err
}

// sleepUntil waits for t, or returns the context's error first.
func sleepUntil(ctx context.Context, t time.Time) error {
	if d := time.Until(t); d > 0 {
		return sleepCtx(ctx, d)
	}
	return nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close() // the transport owns the body; nothing more is sent from it
	}
}
