// Package server is prc's HTTP surface: the webhook route, health and readiness.
package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// Readiness reports whether the app can do its work: the store answers and the workers run.
type Readiness interface {
	Ping(ctx context.Context) error
	Running() bool
}

// Dependency is something else readiness depends on, such as GitHub; /readyz reports it by Name.
type Dependency struct {
	Name  string
	Check func(ctx context.Context) error
}

// NewRouter returns the app's routes.
func NewRouter(webhook http.Handler, ready Readiness, deps ...Dependency) *mux.Router {
	r := mux.NewRouter()
	r.Handle("/api/github/webhook", webhook).Methods(http.MethodPost)
	r.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", readyz(ready, deps)).Methods(http.MethodGet, http.MethodHead)
	return r
}

func readyz(ready Readiness, deps []Dependency) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status := map[string]string{"store": "ok", "workers": "running"}
		code := http.StatusOK
		if err := ready.Ping(ctx); err != nil {
			status["store"], code = err.Error(), http.StatusServiceUnavailable
		}
		if !ready.Running() {
			status["workers"], code = "stopped", http.StatusServiceUnavailable
		}
		for _, d := range deps {
			status[d.Name] = "ok"
			if err := d.Check(ctx); err != nil {
				status[d.Name], code = err.Error(), http.StatusServiceUnavailable
			}
		}
		writeJSON(w, code, status)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// New returns an http.Server for handler with timeouts suited to webhooks.
func New(addr string, handler http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
}
