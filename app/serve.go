package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"

	"github.com/gorilla/mux"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/server"
	"github.com/prchq/prc/app/setup"
	"github.com/prchq/prc/app/store"
	"github.com/sirupsen/logrus"
)

// ConfigError is a setting a person must fix; `prc serve` exits 2 on it.
type ConfigError struct{ Err error }

// Error names the settings to fix.
func (e *ConfigError) Error() string { return "invalid configuration:\n" + e.Err.Error() }

// Unwrap returns the validation errors.
func (e *ConfigError) Unwrap() error { return e.Err }

// Serve runs `prc serve` until ctx ends. With App credentials in the environment, the
// configuration file or PRC_DATA_DIR it runs the App; without any it starts in setup mode, which
// registers the App from its manifest and then runs it without a restart.
func Serve(ctx context.Context, cfg config.Config, log logrus.FieldLogger, opts ...Option) error {
	if !cfg.HasCredentials() {
		c, ok, err := setup.Load(cfg.DataDir)
		if err != nil {
			return &ConfigError{err}
		}
		if ok {
			c.Apply(&cfg)
		}
	}
	if !cfg.HasCredentials() {
		if err := cfg.ValidateSetup(); err != nil {
			return &ConfigError{err}
		}
		return runSetup(ctx, cfg, log, opts...)
	}
	if err := cfg.Validate(); err != nil {
		return &ConfigError{err}
	}
	a, err := New(ctx, cfg, log, opts...)
	if err != nil {
		return err
	}
	return a.Run(ctx)
}

// swap is a handler that can be replaced while serving: setup mode's routes, then the App's.
type swap struct {
	mu sync.RWMutex
	h  http.Handler
}

func (s *swap) set(h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.h = h
}

func (s *swap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	h := s.h
	s.mu.RUnlock()
	h.ServeHTTP(w, r)
}

// setupMode is `prc serve` waiting for its App to be registered.
type setupMode struct {
	cfg     config.Config
	log     logrus.FieldLogger
	opts    []Option
	ln      net.Listener
	metrics *metrics.Metrics
	handler *swap
	started atomic.Bool
	done    chan error // the started App's Run result
}

func runSetup(ctx context.Context, cfg config.Config, log logrus.FieldLogger, opts ...Option) error {
	o := options{}
	for _, f := range opts {
		f(&o)
	}
	ln := o.listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.Listen); err != nil {
			return fmt.Errorf("PRC_LISTEN: %w", err)
		}
	}
	runCtx, stopApp := context.WithCancel(ctx)
	defer stopApp()
	sm := &setupMode{cfg: cfg, log: log, opts: opts, ln: ln, metrics: metrics.New(), handler: &swap{}, done: make(chan error, 1)}
	sm.handler.set(sm.routes(runCtx, o))
	srv := server.New(cfg.Listen, sm.handler)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.WithFields(logrus.Fields{"mode": "setup", "engine": engineOf(cfg), "url": cfg.PublicURL + "/", "addr": ln.Addr().String()}).
		Info("prc is in setup mode: open the URL to register its GitHub App")
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if errHTTP := srv.Shutdown(shutCtx); errHTTP != nil && !errors.Is(errHTTP, http.ErrServerClosed) {
		err = errors.Join(err, errHTTP)
	}
	stopApp()
	if sm.started.Load() { // wait for the App's jobs and store to stop
		err = errors.Join(err, <-sm.done)
	}
	return err
}

func (sm *setupMode) routes(ctx context.Context, o options) http.Handler {
	r := mux.NewRouter()
	h := setup.NewHandler(sm.cfg.GitHubURL, sm.cfg.GitHubAPIURL, sm.cfg.PublicURL, nil, sm.log, func(_ context.Context, c setup.Credentials) error {
		return sm.start(ctx, o, c)
	})
	h.Register(r)
	r.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { writeStatus(w, map[string]string{"status": "ok"}) })
	r.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		writeStatus(w, map[string]string{"mode": "setup", "github": "no App registered yet: open " + sm.cfg.PublicURL + "/"})
	})
	if sm.cfg.MetricsListen == "" {
		r.Handle("/metrics", sm.metrics.Handler())
	}
	return r
}

// start keeps the new credentials, builds the App on the same listener and hands it the traffic.
func (sm *setupMode) start(ctx context.Context, o options, c setup.Credentials) error {
	if sm.cfg.SetupPrint {
		if err := setup.Print(o.stdoutOr(os.Stdout), c); err != nil {
			return fmt.Errorf("print credentials: %w", err)
		}
	} else if err := setup.Save(sm.cfg.DataDir, c); err != nil {
		return fmt.Errorf("store credentials: %w", err)
	}
	cfg := sm.cfg
	c.Apply(&cfg)
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("the new App's credentials: %w", err)
	}
	a, err := New(ctx, cfg, sm.log, append(sm.opts, withSharedListener(sm.ln, sm.metrics))...)
	if err != nil {
		return err
	}
	sm.handler.set(a.Handler())
	sm.started.Store(true)
	go func() { sm.done <- a.Run(ctx) }()
	sm.log.WithFields(logrus.Fields{"app_id": c.AppID, "app": c.Slug}).Info("GitHub App registered; prc is running it")
	return nil
}

func (o options) stdoutOr(w io.Writer) io.Writer {
	if o.stdout != nil {
		return o.stdout
	}
	return w
}

func writeStatus(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func engineOf(cfg config.Config) string {
	if config.IsPostgres(cfg.DatabaseURL) {
		return store.EnginePostgres
	}
	return store.EngineSQLite
}
