package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/events"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/redelivery"
	"github.com/prchq/prc/app/server"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/webhook"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

// shutdownTimeout bounds the graceful stop: in-flight requests and running jobs.
const shutdownTimeout = 30 * time.Second

// App is a running GitHub App.
type App struct {
	cfg      config.Config
	log      logrus.FieldLogger
	store    *store.Store
	handler  http.Handler
	listener net.Listener
	server   *http.Server
}

// Option adjusts how the App is built, for tests and embedding.
type Option func(*options)

type options struct {
	ghOptions  []ghclient.Option
	storeTweak func(*store.Config)
}

// WithGitHubOptions passes options to the GitHub client factory (pacing, transport...).
func WithGitHubOptions(opts ...ghclient.Option) Option {
	return func(o *options) { o.ghOptions = append(o.ghOptions, opts...) }
}

// WithStoreConfig adjusts the store configuration (poll interval, workers...).
func WithStoreConfig(f func(*store.Config)) Option { return func(o *options) { o.storeTweak = f } }

// New builds the App from a validated configuration: it opens the store (applying migrations),
// registers workers and binds the listener, but starts nothing.
func New(ctx context.Context, cfg config.Config, log logrus.FieldLogger, opts ...Option) (*App, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	clients, err := ghclient.New(ghclient.Config{AppID: cfg.AppID, PrivateKeyPEM: cfg.PrivateKeyPEM, BaseURL: cfg.GitHubAPIURL},
		append([]ghclient.Option{ghclient.WithLogger(log), ghclient.WithNegativeCache(time.Minute, reconcile.OrgRepo)}, o.ghOptions...)...)
	if err != nil {
		return nil, fmt.Errorf("GitHub client: %w", err)
	}
	workers := river.NewWorkers()
	st, err := openStore(ctx, cfg, log, workers, o.storeTweak)
	if err != nil {
		return nil, err
	}
	registerWorkers(workers, st, clients, cfg, log)
	redelivery.Register(workers, redelivery.Deps{Deliveries: clients, Recorded: st, Log: log})
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("PRC_LISTEN: %w", err), st.Close())
	}
	hook := webhook.NewHandler(st, log, cfg.WebhookSecret, cfg.WebhookSecretPrevious)
	router := server.NewRouter(hook, st)
	return &App{cfg: cfg, log: log, store: st, handler: router, listener: ln, server: server.New(cfg.Listen, router)}, nil
}

func openStore(ctx context.Context, cfg config.Config, log logrus.FieldLogger, workers *river.Workers, tweak func(*store.Config)) (*store.Store, error) {
	sc := store.Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: log}
	if tweak != nil {
		tweak(&sc)
	}
	st, err := store.Open(ctx, sc, workers)
	if err != nil {
		name := "PRC_DATA_DIR"
		if cfg.DatabaseURL != "" {
			name = "PRC_DATABASE_URL"
		}
		return nil, fmt.Errorf("%s: open store: %w", name, err)
	}
	return st, nil
}

func registerWorkers(workers *river.Workers, st *store.Store, clients *ghclient.Clients, cfg config.Config, log logrus.FieldLogger) {
	host, _ := os.Hostname()
	set := reconcile.Settings{IssueLabel: cfg.IssueLabel, LaunchLabel: cfg.LaunchLabel, CheckName: cfg.CheckName}
	rec := reconcile.New(st, clients, set, log, fmt.Sprintf("%s-%d", host, os.Getpid()))
	disp := events.NewDispatcher(st, events.Settings{IssueLabel: cfg.IssueLabel, LaunchLabel: cfg.LaunchLabel}, events.WithForget(clients.Forget))
	jobs.Register(workers, jobs.Deps{Store: st, Reconciler: rec, Dispatcher: disp, Log: log})
}

// Addr is the address the App listens on.
func (a *App) Addr() string { return a.listener.Addr().String() }

// Handler is the App's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Store is the App's store.
func (a *App) Store() *store.Store { return a.store }

// Close releases an App that was built but never run.
func (a *App) Close() error {
	return errors.Join(a.listener.Close(), a.store.Close())
}

// Run serves until ctx ends, then stops gracefully: the server drains, running jobs finish and
// queued jobs stay in the database for the next start.
func (a *App) Run(ctx context.Context) error {
	if err := a.store.Start(ctx); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	go a.resync(ctx)
	go redelivery.Schedule(ctx, a.store, a.cfg.RedeliveryInterval, a.log)
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	a.log.WithField("addr", a.Addr()).WithField("engine", a.store.Engine()).Info("prc is serving")
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
	errHTTP := a.server.Shutdown(ctx)
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
	t := time.NewTicker(a.cfg.ResyncInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: a.cfg.ResyncInterval}}
			if err := a.store.Enqueue(ctx, jobs.ResyncArgs{}, opts); err != nil {
				a.log.WithError(err).Warn("resync not enqueued")
			}
		}
	}
}
