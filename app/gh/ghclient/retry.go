package ghclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/sirupsen/logrus"
)

type repeatableKey struct{}

// repeatable marks a POST as safe to send again, e.g. adding a label or creating one whose
// "already exists" answer is success.
func repeatable(ctx context.Context) context.Context {
	return context.WithValue(ctx, repeatableKey{}, true)
}

// canRepeat reports whether sending req twice has the effect of sending it once, and its body
// can be read again.
func canRepeat(req *http.Request) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	case http.MethodPost:
		ok, _ := req.Context().Value(repeatableKey{}).(bool)
		return ok
	}
	return false
}

// retrier bounds each attempt by timeout, and sends a repeatable request again after a 5xx, a
// failed connection or a timed-out attempt, with exponential backoff and full jitter. Other
// requests get one attempt: their callers look before they create again.
type retrier struct {
	next    http.RoundTripper
	policy  backoff
	timeout time.Duration
	log     logrus.FieldLogger
	metrics *metrics
}

func (r *retrier) RoundTrip(req *http.Request) (*http.Response, error) {
	tries := 1
	if canRepeat(req) {
		tries = max(r.policy.tries, 1)
	}
	for n := 1; ; n++ {
		resp, err := r.attempt(req, n)
		if !transientFailure(resp, err) || req.Context().Err() != nil {
			return resp, err
		}
		if n >= tries {
			if tries > 1 {
				r.giveUp(req, n, resp, err)
			}
			return resp, err
		}
		drain(resp)
		r.log.WithFields(logrus.Fields{"method": req.Method, "path": req.URL.Path, "github_status": statusOf(resp),
			"error": err, "try": n}).Info("retrying a GitHub request")
		r.metrics.countRetry(endpointOf(req))
		if err := r.policy.wait(req.Context(), n); err != nil {
			return nil, err
		}
	}
}

// attempt sends req once more, with a fresh body after the first, under its own deadline; the
// deadline lasts until the answer's body is closed.
func (r *retrier) attempt(req *http.Request, n int) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	if r.timeout > 0 {
		ctx, cancel = context.WithTimeout(req.Context(), r.timeout)
	}
	try := req.Clone(ctx)
	if n > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		try.Body = body
	}
	resp, err := r.next.RoundTrip(try)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

func (r *retrier) giveUp(req *http.Request, tries int, resp *http.Response, err error) {
	r.log.WithFields(logrus.Fields{"method": req.Method, "path": req.URL.Path, "github_status": statusOf(resp),
		"error": err, "tries": tries}).Warn("GitHub request failed; giving up after retries")
	r.metrics.countGaveUp(endpointOf(req))
}

// transientFailure is a 5xx answer, or a failure on the way that was neither a pause for a rate
// limit nor GitHub refusing a token.
func transientFailure(resp *http.Response, err error) bool {
	if err == nil {
		return resp.StatusCode >= 500
	}
	var paused *pausedError
	if errors.As(err, &paused) {
		return false
	}
	var token *ghinstallation.HTTPError
	return !errors.As(err, &token) || token.Response == nil || token.Response.StatusCode >= 500
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

func drain(resp *http.Response) {
	if resp != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close() // drained and discarded; the retry or the caller's error says what happened
	}
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}
