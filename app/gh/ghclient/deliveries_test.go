package ghclient_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
)

// hookSink is the App's webhook endpoint as the fake sees it; it answers status.
type hookSink struct {
	mu     sync.Mutex
	status int
	got    []string // GUIDs
}

func (s *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, r.Header.Get("X-GitHub-Delivery"))
	w.WriteHeader(s.status)
}

func (s *hookSink) guids() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got...)
}

func TestHookDeliveriesPageByCursorAndRedeliver(t *testing.T) {
	e := newEnv(t)
	sink := &hookSink{status: http.StatusAccepted}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	e.fake.SetWebhook(srv.URL, "s")
	payload, _ := json.Marshal(map[string]any{"action": "created"})
	var guids []string
	for range 130 {
		guids = append(guids, e.fake.Deliver("repository", "created", inst, payload))
	}
	missed := e.fake.LogDelivery(githubfake.HookDelivery{Event: "push", InstallationID: inst, StatusCode: 502}, payload).GUID
	cs := e.clients(t)
	list, err := cs.HookDeliveries(bg, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 131 || list[0].GUID != missed || list[0].Delivered() || list[130].GUID != guids[0] || !list[130].Delivered() {
		t.Fatalf("%d deliveries, first %+v, last %+v", len(list), list[0], list[len(list)-1])
	}
	if n := e.fake.Requests().ByRoute["GET /app/hook/deliveries"]; n != 2 {
		t.Errorf("%d pages read, want 2", n)
	}
	if list, _ := cs.HookDeliveries(bg, time.Now().Add(time.Hour)); len(list) != 0 {
		t.Errorf("%d deliveries after a future time, want 0", len(list))
	}
	if err := cs.Redeliver(bg, list[0].ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(sink.guids()) == 130 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := sink.guids(); len(got) != 131 || got[130] != missed {
		t.Errorf("redelivered %v, want the missed GUID %s", got[len(got)-1:], missed)
	}
	if err := cs.Redeliver(bg, 999999); err == nil {
		t.Error("redelivered an unknown delivery")
	}
}
