package metrics

import (
	"net/http"
	"strings"
)

// Webhook wraps the webhook handler, counting each delivery by its X-GitHub-Event and the
// handler's answer: accepted (202, or 200 for a ping), duplicate (200), rejected (4xx) or error (5xx).
func (m *Metrics) Webhook(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		event := eventLabel(r.Header.Get("X-GitHub-Event"))
		if unverified(rec.status) {
			event = "unverified" // anyone can send any header: only GitHub's events name a series
		}
		m.Delivery(event, deliveryOutcome(event, rec.status))
	})
}

// eventLabel bounds the label to names GitHub could send, so a caller cannot grow the series.
func eventLabel(e string) string {
	if e == "" || len(e) > 40 || strings.Trim(e, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return "unknown"
	}
	return e
}

// unverified reports the answers the handler gives before the signature is checked, or when it fails.
func unverified(status int) bool {
	return status == http.StatusUnauthorized || status == http.StatusMethodNotAllowed || status == http.StatusRequestEntityTooLarge
}

func deliveryOutcome(event string, status int) string {
	switch {
	case status == http.StatusAccepted, event == "ping" && status == http.StatusOK:
		return "accepted"
	case status >= 200 && status < 300:
		return "duplicate"
	case status >= 500:
		return "error"
	}
	return "rejected"
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
