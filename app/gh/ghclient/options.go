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

// Defaults for the other settings. Transient failures are retried after a random wait below
// DefaultRetryDelay, then below twice that, and so on up to DefaultRetryCap, DefaultTries
// attempts in all.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultRetryDelay = time.Second
	DefaultRetryCap   = 16 * time.Second
	DefaultTries      = 5
	DefaultETagBytes  = 4 << 20
)

type settings struct {
	transport   http.RoundTripper
	log         logrus.FieldLogger
	now         func() time.Time
	mutationGap time.Duration
	contentGap  time.Duration
	shared      SharedPacer
	timeout     time.Duration
	retry       backoff
	etagBytes   int
	negativeTTL time.Duration
	negRepos    []string
	budgetFloor int
	metrics     *metrics
	registerErr error
}

func defaults() settings {
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	return settings{
		transport: http.DefaultTransport, log: quiet, now: time.Now,
		mutationGap: DefaultMutationGap, contentGap: DefaultContentGap,
		timeout: DefaultTimeout, etagBytes: DefaultETagBytes,
		retry: backoff{base: DefaultRetryDelay, cap: DefaultRetryCap, tries: DefaultTries, sleep: sleepCtx, jitter: fullJitter},
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

// WithTimeout bounds each attempt of an HTTP request, body included (default DefaultTimeout).
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithRetryDelay sets the first retry's longest wait (default DefaultRetryDelay).
func WithRetryDelay(d time.Duration) Option { return func(s *settings) { s.retry.base = d } }

// WithBackoff sets the first retry's longest wait and the cap the doubling stops at (defaults
// DefaultRetryDelay and DefaultRetryCap).
func WithBackoff(base, cap time.Duration) Option {
	return func(s *settings) { s.retry.base, s.retry.cap = base, max(cap, base) }
}

// WithTries sets how many attempts a transient failure gets in all, the first included
// (default DefaultTries); 1 turns retries off.
func WithTries(n int) Option { return func(s *settings) { s.retry.tries = max(n, 1) } }

// WithSleeper replaces the wait between retries, e.g. by one that records and returns at once.
func WithSleeper(sleep Sleeper) Option { return func(s *settings) { s.retry.sleep = sleep } }

// WithJitter replaces the random choice of each retry's wait below its limit.
func WithJitter(j Jitter) Option { return func(s *settings) { s.retry.jitter = j } }

// WithETagCache sets the bytes of responses kept per installation for conditional GETs;
// zero turns the cache off (default DefaultETagBytes).
func WithETagCache(maxBytes int) Option { return func(s *settings) { s.etagBytes = maxBytes } }

// WithNegativeCache remembers, for ttl, that a file read from one of repos (by name, in any
// owner, e.g. ".github") was absent, so asking again costs nothing; Clients.Invalidate forgets
// it sooner, e.g. after a push to that repository. Off by default.
func WithNegativeCache(ttl time.Duration, repos ...string) Option {
	return func(s *settings) { s.negativeTTL, s.negRepos = ttl, repos }
}

// WithRegisterer registers the adapter's collectors with reg: requests by endpoint and status,
// refusals, retries, requests given up, and each installation's remaining rate limit.
func WithRegisterer(reg prometheus.Registerer) Option {
	return func(s *settings) { s.metrics, s.registerErr = newMetrics(reg) }
}
