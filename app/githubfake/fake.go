package githubfake

import (
	"crypto/rsa"
	_ "embed"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/mux"
)

//go:embed insecure_test_app_key.pem
var insecureTestKey []byte

// Fake is a running fake of GitHub's REST API. All of its state sits behind
// one mutex, so it is safe for concurrent clients and test code.
type Fake struct {
	tb     testing.TB
	cfg    config
	key    *rsa.PrivateKey
	srv    *httptest.Server
	base   string
	router *mux.Router

	mu  sync.Mutex
	st  *state
	web *web
}

type config struct {
	appID     int64
	slug      string
	keyPEM    []byte
	clock     func() time.Time
	treeLimit int
	rateLimit int
	enforce   bool
	seed      uint64
}

// Option configures a Fake.
type Option func(*config)

// WithAppID sets the GitHub App id the fake expects as the JWT issuer (default 4242).
func WithAppID(id int64) Option { return func(c *config) { c.appID = id } }

// WithClock sets the clock used for timestamps in API objects. Token and JWT
// expiry use the wall clock, because clients sign and cache with it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithTreeLimit sets how many entries a recursive tree lists before it is
// marked truncated (GitHub's limit, 100,000, by default).
func WithTreeLimit(n int) Option { return func(c *config) { c.treeLimit = n } }

// WithRateLimit sets the hourly primary rate limit per installation and
// enforces it: requests past it get 403 with X-RateLimit-Remaining: 0.
// Without it the fake reports a limit of 5000 and never enforces it.
func WithRateLimit(limit int) Option {
	return func(c *config) { c.rateLimit, c.enforce = limit, true }
}

// WithSeed sets the seed of the draws FailRandomly makes (default 1).
func WithSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// New starts a fake GitHub. With a non-nil tb the server closes at cleanup and
// unknown routes fail the test; with a nil tb (standalone mode) they are only
// logged and the caller must call Close.
func New(tb testing.TB, opts ...Option) *Fake {
	if tb != nil {
		tb.Helper()
	}
	cfg := config{appID: 4242, slug: "prc", keyPEM: insecureTestKey, clock: time.Now, treeLimit: 100000, rateLimit: 5000, seed: 1}
	for _, o := range opts {
		o(&cfg)
	}
	f := &Fake{tb: tb, cfg: cfg, st: newState(cfg.seed)}
	key, err := parseRSAKey(cfg.keyPEM)
	if err != nil {
		f.fatalf("parse app private key: %v", err)
		return nil
	}
	f.key = key
	f.router = f.routes()
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serveHTTP))
	f.base = "http://" + f.srv.Listener.Addr().String()
	f.srv.Start()
	if tb != nil {
		tb.Cleanup(f.srv.Close)
	}
	return f
}

// URL is the fake's base URL without a trailing slash; clients use URL()+"/"
// as go-github's BaseURL and UploadURL.
func (f *Fake) URL() string { return f.base }

// AppID is the GitHub App id the fake accepts as JWT issuer.
func (f *Fake) AppID() int64 { return f.cfg.appID }

// AppSlug is the app's slug; the bot user that authors the app's writes is AppSlug()+"[bot]".
func (f *Fake) AppSlug() string { return f.cfg.slug }

// BotLogin is the login of the app's bot user, the author of everything the app writes.
func (f *Fake) BotLogin() string { return f.cfg.slug + "[bot]" }

// PrivateKeyPEM is the PEM-encoded RSA key clients sign their app JWTs with.
func (f *Fake) PrivateKeyPEM() []byte { return append([]byte(nil), f.cfg.keyPEM...) }

// Close stops the server. Fakes made with a testing.TB close on cleanup.
func (f *Fake) Close() { f.srv.Close() }

func (f *Fake) now() time.Time { return f.cfg.clock().UTC().Truncate(time.Second) }

// fatalf reports misuse of the test-facing API. It must not be called with f.mu held.
func (f *Fake) fatalf(format string, args ...any) {
	if f.tb == nil {
		panic(fmt.Sprintf("githubfake: "+format, args...))
	}
	f.tb.Helper()
	f.tb.Fatalf("githubfake: "+format, args...)
}

// errorf reports a problem seen while serving; it is safe from any goroutine.
func (f *Fake) errorf(format string, args ...any) {
	if f.tb == nil {
		log.Printf("githubfake: "+format, args...)
		return
	}
	f.tb.Errorf("githubfake: "+format, args...)
}

// locked runs fn under the state lock and reports its error through fatalf.
func (f *Fake) locked(fn func(st *state) error) bool {
	f.mu.Lock()
	err := fn(f.st)
	f.mu.Unlock()
	if err != nil {
		f.fatalf("%v", err)
		return false
	}
	return true
}
