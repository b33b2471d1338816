package ghclient

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// rateLimitBackoff is the wait after a rate limit that names no time: GitHub's documentation
// asks for at least a minute.
const rateLimitBackoff = time.Minute

// fail turns a go-github error into what the boundary promises: gh.ErrNotFound for 404 and
// 410; *gh.RetryLaterError for rate limits, dated no earlier than the installation's pause;
// gh.ErrUnavailable for 5xx, failed connections and timeouts, which the transport already
// retried; otherwise an error naming the status and GitHub's message. op names the
// operation, e.g. "read issue acme/api#3".
func (c *client) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	var (
		paused    *pausedError
		secondary *github.AbuseRateLimitError
		primary   *github.RateLimitError
		answer    *github.ErrorResponse
		token     *ghinstallation.HTTPError
	)
	now := c.now()
	switch {
	case errors.As(err, &paused):
		return &gh.RetryLaterError{At: paused.until, Err: fmt.Errorf("%s: %w", op, paused)}
	case errors.As(err, &secondary):
		at := now.Add(rateLimitBackoff)
		if d := secondary.GetRetryAfter(); d > 0 {
			at = now.Add(d)
		}
		return c.retryLater(at, fmt.Errorf("%s: GitHub secondary rate limit: %s", op, secondary.Message))
	case errors.As(err, &primary):
		at := primary.Rate.Reset.Time
		if !at.After(now) {
			at = now.Add(rateLimitBackoff)
		}
		return c.retryLater(at, fmt.Errorf("%s: GitHub rate limit exhausted: %s", op, primary.Message))
	case errors.As(err, &answer) && answer.Response != nil:
		return c.byStatus(op, answer.Response, githubMessage(answer))
	case errors.As(err, &token) && token.Response != nil:
		return c.tokenError(op, token.Response)
	case isTransient(err):
		return fmt.Errorf("%s: %w: %w", op, gh.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// retryLater dates a RetryLaterError at the end of the installation's pause, which the
// limiter set from this very answer, or at when there is none.
func (c *client) retryLater(at time.Time, err error) error {
	if until := c.limits.pausedUntil(); !until.IsZero() {
		at = until
	}
	return &gh.RetryLaterError{At: at, Err: err}
}

// byStatus classifies an HTTP answer by its status code.
func (c *client) byStatus(op string, resp *http.Response, msg string) error {
	code := resp.StatusCode
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		return fmt.Errorf("%s: GitHub answered %d %s: %w", op, code, msg, gh.ErrNotFound)
	case code == http.StatusTooManyRequests || code == http.StatusForbidden &&
		(resp.Header.Get("Retry-After") != "" || strings.Contains(strings.ToLower(msg), "secondary rate limit")):
		return c.retryLater(c.now().Add(retryAfter(resp.Header)), fmt.Errorf("%s: GitHub answered %d: %s", op, code, msg))
	case code >= 500:
		return fmt.Errorf("%s: GitHub answered %d: %s: %w", op, code, msg, gh.ErrUnavailable)
	case code == http.StatusForbidden && strings.Contains(msg, "Resource not accessible by integration"):
		return fmt.Errorf("%s: GitHub answered %d: %s: %w", op, code, msg, gh.ErrNotPermitted)
	}
	return fmt.Errorf("%s: GitHub answered %d: %s", op, code, msg)
}

// tokenError classifies a failed installation-token request: GitHub trouble is unavailable or
// a rate limit; an uninstalled or suspended installation (404, or 403 without a rate limit) is
// gh.ErrInstallationGone; anything else (a wrong key) is a plain error. Never gh.ErrNotFound,
// which callers take for the thing they asked about.
func (c *client) tokenError(op string, resp *http.Response) error {
	msg := "installation token: " + resp.Status
	code := resp.StatusCode
	switch {
	case code >= 500 || code == http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "":
		return c.byStatus(op, resp, msg)
	case code == http.StatusNotFound || code == http.StatusForbidden && refusalKind(resp) == "forbidden":
		return fmt.Errorf("%s: GitHub answered %s: %w", op, msg, gh.ErrInstallationGone)
	}
	return fmt.Errorf("%s: GitHub answered %s", op, msg)
}

// retryAfter reads a Retry-After header given in seconds, else a minute.
func retryAfter(h http.Header) time.Duration {
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	return rateLimitBackoff
}

// githubMessage is GitHub's message plus its field errors, e.g. "Validation Failed (Label.name already_exists)".
func githubMessage(e *github.ErrorResponse) string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Response.StatusCode)
	}
	var fields []string
	for _, fe := range e.Errors {
		s := strings.TrimSpace(fe.Resource + "." + fe.Field + " " + fe.Code + " " + fe.Message)
		fields = append(fields, strings.TrimPrefix(s, "."))
	}
	if len(fields) > 0 {
		msg += " (" + strings.Join(fields, "; ") + ")"
	}
	return msg
}

// hasErrorCode reports whether GitHub's validation errors include code, e.g. "already_exists".
func hasErrorCode(err error, code string) bool {
	var answer *github.ErrorResponse
	if !errors.As(err, &answer) {
		return false
	}
	for _, fe := range answer.Errors {
		if fe.Code == code {
			return true
		}
	}
	return false
}

// statusCode is the HTTP status of a go-github error, or 0.
func statusCode(err error) int {
	var answer *github.ErrorResponse
	if errors.As(err, &answer) && answer.Response != nil {
		return answer.Response.StatusCode
	}
	return 0
}

// isTransient reports a request that failed on the way (a timeout, a dropped connection)
// while the caller's context was still alive: go-github returns the context's own error
// otherwise, never a *url.Error.
func isTransient(err error) bool {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return false
	}
	var (
		ne net.Error
		op *net.OpError
	)
	return ue.Timeout() || errors.As(err, &ne) && ne.Timeout() || errors.As(err, &op) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
