package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/events"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/redelivery"
	"github.com/prchq/prc/app/server"
	"github.com/prchq/prc/app/setup"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// shutdownTimeout bounds the graceful stop: in-flight requests and running jobs.
const shutdownTimeout = 30 * time.Second

// App is a running GitHub App.
type App struct {
	cfg      config.Config
	log      logrus.FieldLogger
	store    *store.Store
	metrics  *metrics.Metrics
	github   *githubStatus
	handler  http.Handler
	listener net.Listener
	server   *http.Server // nil when setup mode serves the listener
	clients  *ghclient.Clients
	now      func() time.Time
}

// Option adjusts how the App is built, for tests and embedding.
type Option func(*options)

type options struct {
	ghOptions  []ghclient.Option
	storeTweak func(*store.Config)
	listener   net.Listener
	shared     bool // setup mode serves listener and hands it over, with credentials fresh from GitHub
	metrics    *metrics.Metrics
	stdout     io.Writer
	now        func() time.Time
}

// WithGitHubOptions passes options to the GitHub client factory (pacing, transport...).
func WithGitHubOptions(opts ...ghclient.Option) Option {
	return func(o *options) { o.ghOptions = append(o.ghOptions, opts...) }
}

// WithStoreConfig adjusts the store configuration (poll interval, workers...).
func WithStoreConfig(f func(*store.Config)) Option { return func(o *options) { o.storeTweak = f } }

// WithListener serves on ln instead of binding PRC_LISTEN.
func WithListener(ln net.Listener) Option { return func(o *options) { o.listener = ln } }

// WithStdout sets where PRC_SETUP_PRINT prints the credentials (default os.Stdout).
func WithStdout(w io.Writer) Option { return func(o *options) { o.stdout = w } }

// withSharedListener hands setup mode's listener and metrics to the App it starts.
func withSharedListener(ln net.Listener, m *metrics.Metrics) Option {
	return func(o *options) { o.listener, o.shared, o.metrics = ln, true, m }
}

// ErrCredentials is returned by New when GitHub rejects the App's id or private key.
var ErrCredentials = setup.ErrRejected

// New builds the App from a validated configuration: it checks the credentials with GitHub, opens
// the store (applying migrations), registers workers and binds the listener, but starts nothing.
// GitHub rejecting the credentials is ErrCredentials; GitHub unreachable is only logged, and
// /readyz says so until it answers.
func New(ctx context.Context, cfg config.Config, log logrus.FieldLogger, opts ...Option) (*App, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.metrics == nil {
		o.metrics = metrics.New()
	}
	if o.now == nil {
		o.now = time.Now
	}
	pacer := &sharedPacer{} // its store is set once open, before any job runs
	ghOpts := append([]ghclient.Option{ghclient.WithLogger(log), ghclient.WithNegativeCache(time.Minute, reconcile.OrgRepo),
		ghclient.WithRegisterer(o.metrics.Registry), ghclient.WithSharedPacer(pacer)}, o.ghOptions...)
	clients, err := ghclient.New(ghclient.Config{AppID: cfg.AppID, PrivateKeyPEM: cfg.PrivateKeyPEM, BaseURL: cfg.GitHubAPIURL}, ghOpts...)
	if err != nil {
		return nil, fmt.Errorf("GitHub client: %w", err)
	}
	status := &githubStatus{}
	if !o.shared {
		if status, err = checkGitHub(ctx, cfg, o.metrics, log); err != nil {
			return nil, err
		}
	}
	workers := river.NewWorkers()
	st, err := openStore(ctx, cfg, log, workers, o)
	if err != nil {
		return nil, err
	}
	pacer.Store = st
	registerWorkers(workers, st, clients, cfg, log, o.now)
	redelivery.Register(workers, redelivery.Deps{Deliveries: clients, Recorded: st, Log: log})
	a := &App{cfg: cfg, log: log, store: st, metrics: o.metrics, github: status, listener: o.listener, clients: clients, now: o.now}
	if a.handler, err = a.routes(ctx); err != nil {
		return nil, errors.Join(err, st.Close())
	}
	if a.listener == nil {
		if a.listener, err = net.Listen("tcp", cfg.Listen); err != nil {
			return nil, errors.Join(fmt.Errorf("PRC_LISTEN: %w", err), st.Close())
		}
	}
	o.metrics.WatchQueue(st, jobs.Kinds())
	if !o.shared {
		a.server = server.New(cfg.Listen, a.handler)
	}
	return a, nil
}

// sharedPacer paces each installation's mutations through the store, for every replica sharing it.
type sharedPacer struct{ *store.Store }

func openStore(ctx context.Context, cfg config.Config, log logrus.FieldLogger, workers *river.Workers, o options) (*store.Store, error) {
	tweak := o.storeTweak
	progress := &jobs.Progress{} // its store is set below, before any job runs
	giveUp, err := jobs.NewGiveUp(nil, log, o.metrics.Registry)
	if err != nil {
		return nil, fmt.Errorf("job metrics: %w", err)
	}
	sc := store.Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: log,
		Middleware: []rivertype.Middleware{o.metrics.Jobs(), progress, giveUp}}
	if tweak != nil {
		tweak(&sc)
	}
	st, err := store.Open(ctx, sc, workers)
	progress.Store, giveUp.Stale = st, st
	if err != nil {
		name := "PRC_DATA_DIR"
		if cfg.DatabaseURL != "" {
			name = "PRC_DATABASE_URL"
		}
		return nil, fmt.Errorf("%s: open store: %w", name, err)
	}
	return st, nil
}

func registerWorkers(workers *river.Workers, st *store.Store, clients *ghclient.Clients, cfg config.Config, log logrus.FieldLogger, now func() time.Time) {
	host, _ := os.Hostname()
	set := reconcile.Settings{IssueLabel: cfg.IssueLabel, LaunchLabel: cfg.LaunchLabel, CheckName: cfg.CheckName}
	rec := reconcile.New(st, clients, set, log, fmt.Sprintf("%s-%d", host, os.Getpid()), reconcile.WithClock(now))
	orgPush := func(inst int64, owner string) {
		clients.Invalidate(inst, owner, reconcile.OrgRepo)
		rec.ForgetOrgSettings(inst, owner)
	}
	disp := events.NewDispatcher(st, events.Settings{IssueLabel: cfg.IssueLabel, LaunchLabel: cfg.LaunchLabel},
		events.WithForget(clients.Forget), events.WithOrgPush(orgPush))
	jobs.Register(workers, jobs.Deps{Store: st, Reconciler: rec, Dispatcher: disp, Reminders: rec, Stale: st, Log: log, Now: now, Budget: clients})
}

// Addr is the address the App listens on.
func (a *App) Addr() string { return a.listener.Addr().String() }

// Handler is the App's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Store is the App's store.
func (a *App) Store() *store.Store { return a.store }

// Close releases an App that was built but never run.
func (a *App) Close() error {
	if a.server == nil {
		return a.store.Close()
	}
	return errors.Join(a.listener.Close(), a.store.Close())
}

// Run serves until ctx ends, then stops gracefully: the server drains, running jobs finish and
// queued jobs stay in the database for the next start.
func (a *App) Run(ctx context.Context) error {
	if err := a.store.Start(ctx); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	go a.resync(ctx)
	go a.sweepReminders(ctx)
	go redelivery.Schedule(ctx, a.store, a.cfg.RedeliveryInterval, a.log)
	go a.github.recheck(ctx, a.cfg, a.metrics, a.log)
	go a.recordReadiness(ctx)
	go a.postReports(ctx)
	errc := make(chan error, 2)
	if a.server != nil {
		go func() { errc <- a.server.Serve(a.listener) }()
	}
	stopMetrics := a.serveMetrics(errc)
	defer stopMetrics()
	a.log.WithFields(logrus.Fields{"mode": "running", "engine": a.store.Engine(), "url": a.cfg.PublicURL, "addr": a.Addr()}).Info("prc is serving")
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	return errors.Join(serveErr, a.shutdown())
}

func (a *App) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var errHTTP error
	if a.server != nil {
		errHTTP = a.server.Shutdown(ctx)
	}
	if errors.Is(errHTTP, http.ErrServerClosed) {
		errHTTP = nil
	}
	errJobs := a.store.Stop(ctx)
	errClose := a.store.Close()
	a.log.Info("prc stopped")
	return errors.Join(errHTTP, errJobs, errClose)
}

// resync enqueues a periodic re-evaluation; the unique period keeps replicas from doubling it.
func (a *App) resync(ctx context.Context) {
	every(ctx, a.cfg.ResyncInterval, false, func(ctx context.Context) {
		opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: a.cfg.ResyncInterval}}
		if err := a.store.Enqueue(ctx, jobs.ResyncArgs{}, opts); err != nil {
			a.log.WithError(err).Warn("resync not enqueued")
		}
	})
}
