package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"
	"github.com/sirupsen/logrus"

	"github.com/prchq/prc/app/gh"
)

// DefaultBaseURL is github.com's REST API.
const DefaultBaseURL = "https://api.github.com/"

// Config identifies the GitHub App and the API it talks to.
type Config struct {
	AppID         int64
	PrivateKeyPEM []byte
	// BaseURL is the REST API root: DefaultBaseURL when empty, "https://HOST/api/v3/" on
	// GitHub Enterprise Server, or a fake's URL in tests.
	BaseURL string
}

// Clients hands out one cached gh.Client per installation; it is safe for concurrent use.
type Clients struct {
	cfg  Config
	base string // BaseURL without its trailing slash, as ghinstallation wants it
	api  *url.URL
	set  settings

	mu    sync.Mutex
	cache map[int64]*client
	app   *client // acting as the App, for its webhook deliveries
}

var _ gh.Clients = (*Clients)(nil)

// New checks cfg and returns the installation client factory.
func New(cfg Config, opts ...Option) (*Clients, error) {
	set := defaults()
	for _, o := range opts {
		o(&set)
	}
	if set.registerErr != nil {
		return nil, set.registerErr
	}
	if cfg.AppID <= 0 {
		return nil, errors.New("github app: AppID must be a positive number")
	}
	if _, err := ghinstallation.NewAppsTransport(set.transport, cfg.AppID, cfg.PrivateKeyPEM); err != nil {
		return nil, fmt.Errorf("github app: private key: %w", err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	api, err := url.Parse(base + "/")
	if err != nil || (api.Scheme != "http" && api.Scheme != "https") || api.Host == "" {
		return nil, fmt.Errorf("github app: BaseURL %q is not an http(s) URL", cfg.BaseURL)
	}
	return &Clients{cfg: cfg, base: base, api: api, set: set, cache: map[int64]*client{}}, nil
}

// Installation returns the client acting as installationID, the same one on every call, so
// its installation token, pacing and ETag cache are shared.
func (cs *Clients) Installation(_ context.Context, installationID int64) (gh.Client, error) {
	if installationID <= 0 {
		return nil, fmt.Errorf("github installation %d: not a valid id", installationID)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.cache[installationID]; ok {
		return c, nil
	}
	c, err := cs.newClient(installationID)
	if err != nil {
		return nil, err
	}
	cs.cache[installationID] = c
	return c, nil
}

// client is one installation's gh.Client.
type client struct {
	gh      *github.Client
	inst    int64
	appID   int64
	now     func() time.Time
	limits  *limiter
	retry   backoff
	log     logrus.FieldLogger
	metrics *metrics
	absent  *negativeCache
	recent  *recentIssues
	labels  knownLabels
	// perms reads an installation's granted permissions, acting as the App.
	perms func(ctx context.Context, inst int64) (map[string]string, error)
}

var _ gh.Client = (*client)(nil)

// Forget drops an installation's cached client and its rate-limit gauge, e.g. after the app
// was uninstalled; a later Installation call starts afresh.
func (cs *Clients) Forget(installationID int64) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	delete(cs.cache, installationID)
	cs.set.metrics.forget(installationID)
}

// Budget is what GitHub last said of an installation's primary rate limit; ok is false before
// any answer, or for an installation not in use. Background work can yield when it runs low.
func (cs *Clients) Budget(installationID int64) (b Budget, ok bool) {
	cs.mu.Lock()
	c := cs.cache[installationID]
	cs.mu.Unlock()
	if c == nil {
		return Budget{}, false
	}
	return c.limits.Budget()
}

// Invalidate forgets the absent files remembered for one repository (see WithNegativeCache),
// e.g. after a push to it.
func (cs *Clients) Invalidate(installationID int64, owner, repo string) {
	cs.mu.Lock()
	c := cs.cache[installationID]
	cs.mu.Unlock()
	if c != nil {
		c.absent.forget(owner, repo)
	}
}

func (cs *Clients) newClient(inst int64) (*client, error) {
	log := cs.set.log.WithField("installation", inst)
	observed := &observer{next: cs.set.transport, log: log, metrics: cs.set.metrics}
	itr, err := ghinstallation.New(observed, cs.cfg.AppID, inst, cs.cfg.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("github installation %d: %w", inst, err)
	}
	itr.BaseURL = cs.base
	pace := newPacer(itr, cs.set.mutationGap, cs.set.contentGap)
	if cs.set.shared != nil {
		pace.shared = &sharedTurn{pacer: cs.set.shared, inst: inst, log: log, lease: cs.set.timeout + claimLeaseMargin}
	}
	limits := &limiter{next: pace, now: cs.set.now, gauge: cs.set.metrics.remainingGauge(inst)}
	var rt http.RoundTripper = &retrier{next: limits, policy: cs.set.retry, timeout: cs.set.timeout, log: log, metrics: cs.set.metrics}
	if cs.set.etagBytes > 0 {
		rt = newETagCache(rt, cs.set.etagBytes)
	}
	gc := github.NewClient(&http.Client{Transport: rt})
	api, upload := *cs.api, *cs.api
	gc.BaseURL, gc.UploadURL = &api, &upload
	return &client{gh: gc, inst: inst, appID: cs.cfg.AppID, now: cs.set.now, limits: limits, retry: cs.set.retry, log: log, metrics: cs.set.metrics,
		absent: newNegativeCache(cs.set.negativeTTL, cs.set.negRepos, cs.set.now), recent: &recentIssues{now: cs.set.now}, perms: cs.installationPermissions}, nil
}
