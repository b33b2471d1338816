package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prchq/prc/app/server"
)

type readiness struct {
	err     error
	running bool
}

func (r readiness) Ping(context.Context) error { return r.err }
func (r readiness) Running() bool              { return r.running }

func TestRoutes(t *testing.T) {
	hook := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	tests := map[string]struct {
		ready        readiness
		method, path string
		want         int
	}{
		"healthz":            {readiness{}, http.MethodGet, "/healthz", http.StatusOK},
		"ready":              {readiness{running: true}, http.MethodGet, "/readyz", http.StatusOK},
		"store down":         {readiness{err: errors.New("down"), running: true}, http.MethodGet, "/readyz", http.StatusServiceUnavailable},
		"workers stopped":    {readiness{}, http.MethodGet, "/readyz", http.StatusServiceUnavailable},
		"webhook":            {readiness{}, http.MethodPost, "/api/github/webhook", http.StatusTeapot},
		"webhook wrong verb": {readiness{}, http.MethodGet, "/api/github/webhook", http.StatusMethodNotAllowed},
		"unknown route":      {readiness{}, http.MethodGet, "/nope", http.StatusNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			w := httptest.NewRecorder()
			server.NewRouter(hook, tc.ready).ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
			if w.Code != tc.want {
				t.Errorf("%s %s = %d, want %d", tc.method, tc.path, w.Code, tc.want)
			}
		})
	}
}
