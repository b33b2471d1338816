package app

import (
	"context"
	"net/http"

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
	return r, nil
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
