package app

import (
	"context"
	"crypto/rand"
	"net/http"
	"time"

	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/dashboard"

	"github.com/prchq/prc/app/server"
	"github.com/prchq/prc/app/setup"
	"github.com/prchq/prc/app/webhook"
)

// routes builds the running App's handler: the webhook, probes, metrics, and the setup routes,
// which only say that setup is done.
func (a *App) routes(_ context.Context) (http.Handler, error) {
	hook := webhook.NewHandler(a.store, a.log, a.cfg.WebhookSecret, a.cfg.WebhookSecretPrevious)
	r := server.NewRouter(a.metrics.Webhook(hook), a.store, server.Dependency{Name: "github", Check: a.github.Check})
	if a.cfg.MetricsListen == "" {
		r.Handle("/metrics", a.metrics.Handler()).Methods(http.MethodGet)
	}
	r.HandleFunc("/setup/callback", setup.AlreadyConfigured).Methods(http.MethodGet)
	key, err := a.sessionKey()
	if err != nil {
		return nil, err
	}
	signIn, err := auth.New(auth.Config{GitHubURL: a.cfg.GitHubURL, APIURL: a.cfg.GitHubAPIURL, PublicURL: a.cfg.PublicURL,
		ClientID: a.cfg.ClientID, ClientSecret: a.cfg.ClientSecret, Public: a.cfg.DashboardPublic, Key: key}, a.log)
	if err != nil {
		return nil, err
	}
	signIn.Register(r)
	dashboard.New(a.store, signIn, a.cfg.GitHubURL, a.log, dashboard.WithClock(a.now)).Register(r)
	return r, nil
}

// readinessEvery is how often today's readiness per organisation is stored for the chart.
const readinessEvery = 15 * time.Minute

// recordReadiness keeps the chart's data: today's counts, now and every readinessEvery.
func (a *App) recordReadiness(ctx context.Context) {
	every(ctx, readinessEvery, true, func(ctx context.Context) {
		if err := dashboard.RecordReadiness(ctx, a.store, time.Now()); err != nil && ctx.Err() == nil {
			a.log.WithError(err).Warn("readiness history not recorded")
		}
	})
}

// serveMetrics serves /metrics on PRC_METRICS_LISTEN when it is set; the returned func stops it.
func (a *App) serveMetrics(errc chan<- error) func() {
	if a.cfg.MetricsListen == "" {
		return func() {}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	srv := server.New(a.cfg.MetricsListen, mux)
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			errc <- err
		}
	}()
	return func() { _ = srv.Close() }
}

// sessionKey is the key in PRC_DATA_DIR; without a data directory (PostgreSQL) sessions last
// only as long as the process, and replicas do not share them.
func (a *App) sessionKey() ([]byte, error) {
	if a.cfg.DataDir != "" {
		return auth.LoadKey(a.cfg.DataDir)
	}
	a.log.Warn("PRC_DATA_DIR is empty: dashboard sessions end when prc restarts")
	key := make([]byte, 64)
	_, err := rand.Read(key)
	return key, err
}
