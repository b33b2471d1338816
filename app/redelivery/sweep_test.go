package redelivery_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/redelivery"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// sink is the App's webhook endpoint: it records the GUIDs it is sent.
type sink struct {
	mu   sync.Mutex
	got  []string
	seen chan struct{}
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.got = append(s.got, r.Header.Get("X-GitHub-Delivery"))
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	s.seen <- struct{}{}
}

func TestSweepRedeliversWhatWasMissed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		now := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
		fake := githubfake.New(t, githubfake.WithClock(func() time.Time { return now }))
		hook := &sink{seen: make(chan struct{}, 10)}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		fake.SetWebhook(srv.URL, "s")
		st := storetest.OpenConfig(t, storetest.Config(t, engine), river.NewWorkers())

		logged := func(guid string, status int, ago time.Duration) string {
			return fake.LogDelivery(githubfake.HookDelivery{GUID: guid, Event: "push", InstallationID: 1, StatusCode: status,
				Redelivery: guid != "", DeliveredAt: now.Add(-ago)}, []byte(`{}`)).GUID
		}
		logged("", 200, time.Hour)                  // delivered
		late := logged("", 502, time.Hour)          // failed, then delivered by a redelivery
		logged(late, 202, 50*time.Minute)           //
		unanswered := logged("", 0, 40*time.Minute) // missed: no answer
		recorded := logged("", 504, 30*time.Minute) // GitHub gave up, but prc had recorded it
		logged("", 401, 20*time.Minute)             // refused on purpose
		twice := logged("", 503, 10*time.Minute)    // missed twice
		logged(twice, 503, 5*time.Minute)           //
		logged("", 0, redelivery.Window+time.Hour)  // too old to redeliver
		if _, err := st.RecordDelivery(ctx, store.Delivery{HookID: 1, DeliveryID: recorded, Event: "push", Payload: []byte(`{}`)}, nil); err != nil {
			t.Fatal(err)
		}

		cs, err := ghclient.New(ghclient.Config{AppID: fake.AppID(), PrivateKeyPEM: fake.PrivateKeyPEM(), BaseURL: fake.URL() + "/"})
		if err != nil {
			t.Fatal(err)
		}
		log := logrus.New()
		log.SetOutput(io.Discard)
		res, err := redelivery.Sweep(ctx, log, cs, st, now)
		if err != nil {
			t.Fatal(err)
		}
		if res != (redelivery.Result{Seen: 8, Missed: 2, Redelivered: 2}) {
			t.Errorf("result %+v", res)
		}
		for range 2 {
			select {
			case <-hook.seen:
			case <-time.After(10 * time.Second):
				t.Fatal("redeliveries did not arrive")
			}
		}
		hook.mu.Lock()
		got := slices.Sorted(slices.Values(hook.got))
		hook.mu.Unlock()
		if want := slices.Sorted(slices.Values([]string{unanswered, twice})); !slices.Equal(got, want) {
			t.Errorf("redelivered %v, want %v", got, want)
		}
		if n := fake.Requests().ByRoute["POST /app/hook/deliveries/{id}/attempts"]; n != 2 {
			t.Errorf("%d redelivery requests, want 2", n)
		}
	})
}
