package ghclient

import (
	"io"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sirupsen/logrus"
)

// GitHub's documented secondary limits: at least a second between mutating requests, and at
// most 80 content-creating requests a minute.
const (
	DefaultMutationGap = time.Second
	DefaultContentGap  = time.Minute / 80
)

// Defaults for the other settings.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultRetryDelay = time.Second
	DefaultETagBytes  = 4 << 20
)

type settings struct {
	transport   http.RoundTripper
	log         logrus.FieldLogger
	now         func() time.Time
	mutationGap time.Duration
	contentGap  time.Duration
	timeout     time.Duration
	retryDelay  time.Duration
	etagBytes   int
	metrics     *metrics
	registerErr error
}

func defaults() settings {
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	return settings{
		transport: http.DefaultTransport, log: quiet, now: time.Now,
		mutationGap: DefaultMutationGap, contentGap: DefaultContentGap,
		timeout: DefaultTimeout, retryDelay: DefaultRetryDelay, etagBytes: DefaultETagBytes,
	}
}

// Option configures New.
type Option func(*settings)

// WithTransport sets the HTTP transport under ghinstallation (default http.DefaultTransport).
func WithTransport(rt http.RoundTripper) Option { return func(s *settings) { s.transport = rt } }

// WithLogger sets the logger for 403 and 429 answers and retries (default: discarded).
func WithLogger(l logrus.FieldLogger) Option { return func(s *settings) { s.log = l } }

// WithClock sets the clock used to date RetryLaterError and check-run completion.
func WithClock(now func() time.Time) Option { return func(s *settings) { s.now = now } }

// WithPacing sets, per installation, the least time between the answer to a mutating request
// (POST, PATCH, PUT, DELETE) and the next one, and likewise between content-creating ones
// (POST). Mutations are sent one at a time. Zero turns a limit off. The defaults are GitHub's:
// DefaultMutationGap and DefaultContentGap.
func WithPacing(mutationGap, contentGap time.Duration) Option {
	return func(s *settings) { s.mutationGap, s.contentGap = mutationGap, contentGap }
}

// WithTimeout bounds each HTTP request, body included (default DefaultTimeout).
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithRetryDelay sets the pause before the one retry of a GET that met a 5xx (default DefaultRetryDelay).
func WithRetryDelay(d time.Duration) Option { return func(s *settings) { s.retryDelay = d } }

// WithETagCache sets the bytes of responses kept per installation for conditional GETs;
// zero turns the cache off (default DefaultETagBytes).
func WithETagCache(maxBytes int) Option { return func(s *settings) { s.etagBytes = maxBytes } }

// WithMetrics registers the adapter's counters (403 and 429 answers by kind) with reg.
func WithMetrics(reg prometheus.Registerer) Option {
	return func(s *settings) { s.metrics, s.registerErr = newMetrics(reg) }
}
