package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/app/webhook"
	"github.com/sirupsen/logrus"
)

// FuzzHandler throws random bodies, headers and signatures at the handler: it never panics,
// answers only statuses it documents, and records a delivery only when it accepted it.
func FuzzHandler(f *testing.F) {
	created, err := json.Marshal(fixtures.Payload(f, "repository/created"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(created, "repository", "guid-1", "", true, "application/json", "POST")
	f.Add(created, "repository", "guid-2", "sha256=00", false, "application/json", "POST")
	f.Add([]byte(`{"action":`), "issues", "guid-3", "", true, "application/json", "POST")
	f.Add([]byte(`payload=%7B%22zen%22%3A1%7D`), "ping", "guid-4", "", true, "application/x-www-form-urlencoded", "POST")
	f.Add([]byte(`payload=%ZZ`), "push", "guid-5", "", true, "application/x-www-form-urlencoded", "POST")
	f.Add([]byte(`{"action":"opened","installation":{"id":"x"}}`), "pull_request", "", "", true, "", "PUT")
	f.Add([]byte(`null`), "installation", "guid-6", "sha1=abc", false, "text/plain; charset=\x00", "POST")

	s := storetest.Open(f, "sqlite")
	log := logrus.New()
	log.SetLevel(logrus.PanicLevel)
	h := webhook.NewHandler(s, log, secret)
	allowed := map[int]bool{200: true, 202: true, 400: true, 401: true, 405: true, 413: true}

	f.Fuzz(func(t *testing.T, body []byte, event, delivery, sig string, sign bool, contentType, method string) {
		before, err := s.DeliveryRecorded(context.Background(), delivery)
		if err != nil {
			t.Fatal(err)
		}
		if sign {
			sig = webhook.Sign(secret, body)
		}
		r := httptest.NewRequest(http.MethodPost, "/api/github/webhook", bytes.NewReader(body))
		r.Method = method
		for k, v := range map[string]string{"X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "X-GitHub-Hook-ID": "1",
			"X-Hub-Signature-256": sig, "Content-Type": contentType} {
			r.Header[k] = []string{v}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		code := w.Code
		if !allowed[code] {
			t.Fatalf("status %d", code)
		}
		valid := method == http.MethodPost && sig == webhook.Sign(secret, body)
		if !valid && code != http.StatusUnauthorized && code != http.StatusMethodNotAllowed {
			t.Fatalf("status %d for an unsigned or non-POST request", code)
		}
		after, err := s.DeliveryRecorded(context.Background(), delivery)
		if err != nil {
			t.Fatal(err)
		}
		if after && !before && code != http.StatusAccepted {
			t.Fatalf("recorded a delivery answered %d", code)
		}
		if code == http.StatusAccepted && w.Body.String() == "accepted\n" && !after {
			t.Fatal("accepted a delivery it did not record")
		}
		if !valid && after && !before {
			t.Fatal("recorded an invalid delivery")
		}
	})
}

// TestUnknownInstallationIsRecordedCleanly: the edge records a valid delivery for an
// installation prc has never seen, and leaves the judgement to the job.
func TestUnknownInstallationIsRecordedCleanly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		h, s := newHandler(t, engine)
		p := fixtures.Payload(t, "repository/created")
		fixtures.Set(p, "installation", map[string]any{"id": 987654321})
		d := fixtures.Delivery{Event: "repository", ID: fixtures.NewDeliveryID(), Payload: p}
		if code := d.Send(t, h, secret).Code; code != http.StatusAccepted {
			t.Fatalf("status %d, want 202", code)
		}
		got, err := s.Delivery(context.Background(), 1, d.ID)
		if errors.Is(err, store.ErrNotFound) || got.InstallationID != 987654321 {
			t.Errorf("recorded %+v, %v", got, err)
		}
	})
}
