package ghclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/sirupsen/logrus"
)

// observer logs and counts every 403 and 429 GitHub sends, token requests included, once.
type observer struct {
	next    http.RoundTripper
	log     logrus.FieldLogger
	metrics *metrics
}

func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(req)
	if err != nil || (resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests) {
		return resp, err
	}
	kind := refusalKind(resp)
	o.metrics.countRefused(strconv.Itoa(resp.StatusCode), kind)
	o.log.WithFields(logrus.Fields{
		"github_status": resp.StatusCode, "refusal": kind, "method": req.Method, "path": req.URL.Path,
		"retry_after": resp.Header.Get("Retry-After"), "ratelimit_remaining": resp.Header.Get("X-RateLimit-Remaining"),
		"request_id": resp.Header.Get("X-GitHub-Request-Id"),
	}).Warn("GitHub refused a request")
	return resp, nil
}

// refusalKind tells an exhausted primary limit, a secondary limit and a plain refusal apart by headers.
func refusalKind(resp *http.Response) string {
	switch {
	case resp.Header.Get("X-RateLimit-Remaining") == "0":
		return "primary"
	case resp.Header.Get("Retry-After") != "" || resp.StatusCode == http.StatusTooManyRequests:
		return "secondary"
	}
	return "forbidden"
}

// pacer spaces one installation's mutating requests under GitHub's secondary limits. GitHub
// asks for mutations to be sent one at a time, so they take turns, and each waits its gap from
// the moment the previous one was answered: the spacing holds on the wire, not only on paper.
type pacer struct {
	next        http.RoundTripper
	mutationGap time.Duration // between any two of POST, PATCH, PUT, DELETE
	contentGap  time.Duration // between two POSTs, which create content
	turn        chan struct{}

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
	resp, err := p.next.RoundTrip(req)
	p.lastMutation = time.Now()
	if post {
		p.lastPost = p.lastMutation
	}
	return resp, err
}

// sleepUntil waits for t, or returns the context's error first.
func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryGET repeats a GET or HEAD once after a 5xx answer or a failed connection.
type retryGET struct {
	next  http.RoundTripper
	delay time.Duration
	log   logrus.FieldLogger
}

func (r *retryGET) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return resp, err
	}
	if !retryable(resp, err) || req.Context().Err() != nil {
		return resp, err
	}
	r.log.WithFields(logrus.Fields{"path": req.URL.Path, "github_status": statusOf(resp), "error": err}).
		Info("retrying a GitHub read")
	if resp != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}
	if err := sleepUntil(req.Context(), time.Now().Add(r.delay)); err != nil {
		return nil, err
	}
	return r.next.RoundTrip(req)
}

// retryable is a 5xx answer, or a failure on the way that was not GitHub refusing a token.
func retryable(resp *http.Response, err error) bool {
	if err == nil {
		return resp.StatusCode >= 500
	}
	var token *ghinstallation.HTTPError
	return !errors.As(err, &token) || token.Response == nil || token.Response.StatusCode >= 500
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
