package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/app/webhook"
	"github.com/sirupsen/logrus"
)

const secret = "s3cret"

func newHandler(t *testing.T, engine string) (*webhook.Handler, *store.Store) {
	t.Helper()
	s := storetest.Open(t, engine)
	log := logrus.New()
	log.SetLevel(logrus.ErrorLevel)
	return webhook.NewHandler(s, log, secret, "old-secret"), s
}

func recorded(t *testing.T, s *store.Store, id string) bool {
	t.Helper()
	_, err := s.Delivery(context.Background(), 1, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func TestRejections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		h, s := newHandler(t, engine)
		payload := fixtures.Payload(t, "repository/created")
		sha1Only := fixtures.Delivery{Event: "repository", Payload: payload, Signature: "-"}
		tests := map[string]struct {
			req  func() *http.Request
			want int
		}{
			"no signature": {func() *http.Request { return sha1Only.Request(t, secret) }, http.StatusUnauthorized},
			"wrong secret": {func() *http.Request {
				return fixtures.Delivery{Event: "repository", Payload: payload}.Request(t, "nope")
			}, http.StatusUnauthorized},
			"sha1 only": {func() *http.Request { return withHeader(sha1Only.Request(t, secret), "X-Hub-Signature", "sha1=abc") }, http.StatusUnauthorized},
			"garbage signature": {func() *http.Request {
				return fixtures.Delivery{Event: "repository", Payload: payload, Signature: "sha256=zz"}.Request(t, secret)
			}, http.StatusUnauthorized},
			"malformed JSON": {func() *http.Request {
				return fixtures.Delivery{Event: "repository", Payload: []byte(`{"action":`)}.Request(t, secret)
			}, http.StatusBadRequest},
			"too large": {func() *http.Request {
				return fixtures.Delivery{Event: "push", Payload: make([]byte, webhook.MaxBody+1)}.Request(t, secret)
			}, http.StatusRequestEntityTooLarge},
			"GET": {func() *http.Request {
				r := fixtures.Delivery{Event: "repository", Payload: payload}.Request(t, secret)
				r.Method = http.MethodGet
				return r
			}, http.StatusMethodNotAllowed},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				r := tc.req()
				w := httpRecorder(h, r)
				if w != tc.want {
					t.Errorf("status = %d, want %d", w, tc.want)
				}
				if recorded(t, s, r.Header.Get("X-GitHub-Delivery")) {
					t.Error("a rejected delivery was recorded")
				}
			})
		}
	})
}

func TestAcceptance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		h, s := newHandler(t, engine)
		tests := map[string]struct {
			event, fixture, secret string
			want                   int
			stored                 bool
		}{
			"handled event":        {"repository", "repository/created", secret, http.StatusAccepted, true},
			"previous secret":      {"installation", "installation/created", "old-secret", http.StatusAccepted, true},
			"ping":                 {"ping", "ping", secret, http.StatusOK, false},
			"unhandled event":      {"github_app_authorization", "github_app_authorization/revoked", secret, http.StatusAccepted, false},
			"unhandled action":     {"issues", "issues/reopened", secret, http.StatusAccepted, true},
			"unhandled comment":    {"issue_comment", "issue_comment/created", secret, http.StatusAccepted, false},
			"pull request labeled": {"pull_request", "pull_request/labeled", secret, http.StatusAccepted, true},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				d := fixtures.Delivery{Event: tc.event, ID: fixtures.NewDeliveryID(), Payload: fixtures.Payload(t, tc.fixture)}
				if got := d.Send(t, h, tc.secret).Code; got != tc.want {
					t.Errorf("status = %d, want %d", got, tc.want)
				}
				if got := recorded(t, s, d.ID); got != tc.stored {
					t.Errorf("recorded = %v, want %v", got, tc.stored)
				}
			})
		}
	})
}

func TestRedelivery(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		h, s := newHandler(t, engine)
		d := fixtures.Delivery{Event: "repository", ID: fixtures.NewDeliveryID(), Payload: fixtures.Payload(t, "repository/created")}
		codes := make([]int, 20)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = d.Send(t, h, secret).Code
			}()
		}
		wg.Wait()
		accepted := 0
		for _, c := range codes {
			switch c {
			case http.StatusAccepted:
				accepted++
			case http.StatusOK:
			default:
				t.Errorf("status %d", c)
			}
		}
		if accepted != 1 {
			t.Errorf("%d deliveries accepted as new, want exactly 1 (codes %v)", accepted, codes)
		}
		got, err := s.Delivery(context.Background(), 1, d.ID)
		if err != nil || got.Event != "repository" || got.Action != "created" || !strings.Contains(string(got.Payload), `"created"`) {
			t.Errorf("stored delivery = %+v, %v", got, err)
		}
	})
}

func withHeader(r *http.Request, k, v string) *http.Request {
	r.Header.Set(k, v)
	return r
}

func httpRecorder(h http.Handler, r *http.Request) int {
	w := &statusWriter{header: http.Header{}}
	h.ServeHTTP(w, r)
	return w.status
}

type statusWriter struct {
	header http.Header
	status int
}

func (w *statusWriter) Header() http.Header { return w.header }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
func (w *statusWriter) WriteHeader(s int) { w.status = s }

func TestFormEncodedDelivery(t *testing.T) {
	h, s := newHandler(t, storetest.Engines(t)[0])
	p, err := json.Marshal(fixtures.Payload(t, "repository/created"))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(p)}}.Encode())
	d := fixtures.Delivery{Event: "repository", ID: fixtures.NewDeliveryID(), Payload: body}
	r := d.Request(t, secret)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code := httpRecorder(h, r); code != http.StatusAccepted {
		t.Fatalf("status = %d, want 202", code)
	}
	got, err := s.Delivery(context.Background(), 1, d.ID)
	if err != nil || got.Action != "created" || !json.Valid(got.Payload) {
		t.Errorf("stored %+v, %v; want the JSON payload of the form", got, err)
	}
}
