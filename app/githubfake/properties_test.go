package githubfake_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
)

var bgCtx = context.Background()

// hookSink is the App's webhook endpoint: it keeps what the fake delivered.
type hookSink struct {
	mu  sync.Mutex
	got []sentHook
}

type sentHook struct {
	event, guid, signature string
	payload                map[string]any
}

func newSink(t *testing.T, f *githubfake.Fake) *hookSink {
	s := &hookSink{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p map[string]any
		if err := json.Unmarshal(body, &p); err != nil {
			t.Errorf("delivery is not JSON: %v", err)
		}
		s.mu.Lock()
		s.got = append(s.got, sentHook{r.Header.Get("X-GitHub-Event"), r.Header.Get("X-GitHub-Delivery"), r.Header.Get("X-Hub-Signature-256"), p})
		s.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(srv.Close)
	f.SetWebhook(srv.URL, "s3cret")
	return s
}

func (s *hookSink) all() []sentHook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentHook(nil), s.got...)
}

func TestTopicsAPIIsForPeople(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	_, _, err := raw(t, c, "PUT", "repos/acme/api/topics", map[string]any{"names": []string{"production"}})
	if status(err) != http.StatusForbidden {
		t.Fatalf("the app set topics without administration: %v", err)
	}
	f.SetInstallationPermissions(instID, map[string]string{"administration": "write"})
	if _, _, err := raw(t, c, "PUT", "repos/acme/api/topics", map[string]any{"names": []string{"Production", "go", "go"}}); err != nil {
		t.Fatalf("PUT topics with administration: %v", err)
	}
	got, _, err := raw(t, c, "GET", "repos/acme/api/topics", nil)
	if err != nil || len(got["names"].([]any)) != 2 || got["names"].([]any)[0] != "production" {
		t.Errorf("topics = %v, %v; want [production go]", got, err)
	}
	if _, _, err := raw(t, c, "PUT", "repos/acme/api/topics", map[string]any{"names": []string{"-bad"}}); status(err) != http.StatusUnprocessableEntity {
		t.Errorf("an invalid topic = %v, want 422", err)
	}
}

func TestSetTopicsAsDeliversRepositoryEdited(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	sink := newSink(t, f)
	f.SetTopicsAs("alice", org, repo, "launching")
	guid := f.SetTopicsAs("alice", org, repo, "production", "go")
	hooks := sink.all()
	if len(hooks) != 2 {
		t.Fatalf("%d deliveries, want 2", len(hooks))
	}
	h := hooks[1]
	p := h.payload
	from := p["changes"].(map[string]any)["topics"].(map[string]any)["from"].([]any)
	topics := p["repository"].(map[string]any)["topics"].([]any)
	if h.event != "repository" || h.guid != guid || h.signature == "" || p["action"] != "edited" {
		t.Errorf("delivery = %s %s %q action %v", h.event, h.guid, h.signature, p["action"])
	}
	if len(from) != 1 || from[0] != "launching" || len(topics) != 2 || topics[0] != "production" {
		t.Errorf("changes.topics.from = %v, repository.topics = %v", from, topics)
	}
	if p["sender"].(map[string]any)["login"] != "alice" || p["installation"].(map[string]any)["id"] != float64(instID) || p["organization"].(map[string]any)["login"] != org {
		t.Errorf("sender, installation, organization = %v %v %v", p["sender"], p["installation"], p["organization"])
	}
	r, _, err := c.Repositories.Get(bgCtx, org, repo)
	if err != nil || len(r.Topics) != 2 {
		t.Errorf("the API's topics = %v, %v", r.Topics, err)
	}
}

func TestSetCustomPropertyAsDeliversUpdatedValues(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.DefineCustomProperty(org, "lifecycle", "launching", "production")
	sink := newSink(t, f)
	f.SetCustomPropertyAs("bob", org, repo, "lifecycle", "launching")
	guid := f.SetCustomPropertyAs("bob", org, repo, "lifecycle", "production")
	f.Resend(guid)
	hooks := sink.all()
	if len(hooks) != 3 || hooks[2].guid != guid || hooks[1].guid != guid {
		t.Fatalf("deliveries = %+v, want three, the last a resend of the second", hooks)
	}
	first := hooks[0].payload["old_property_values"].([]any)[0].(map[string]any)
	p := hooks[1].payload
	newV := p["new_property_values"].([]any)[0].(map[string]any)
	oldV := p["old_property_values"].([]any)[0].(map[string]any)
	if hooks[1].event != "custom_property_values" || p["action"] != "updated" || p["repository"].(map[string]any)["full_name"] != "acme/api" {
		t.Errorf("delivery = %s %v", hooks[1].event, p["action"])
	}
	if newV["property_name"] != "lifecycle" || newV["value"] != "production" || oldV["value"] != "launching" || first["value"] != nil {
		t.Errorf("new %v old %v first old %v", newV, oldV, first)
	}
	var values []map[string]any
	req, _ := c.NewRequest("GET", "repos/acme/api/properties/values", nil)
	if _, err := c.Do(bgCtx, req, &values); err != nil || len(values) != 1 || values[0]["value"] != "production" {
		t.Errorf("GET properties/values = %v, %v", values, err)
	}
}

func TestPropertyWritesNeedThePermission(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.DefineCustomProperty(org, "lifecycle", "launching", "production")
	patch := func(value any) int {
		_, _, err := raw(t, c, "PATCH", "repos/acme/api/properties/values", map[string]any{"properties": []any{map[string]any{"property_name": "lifecycle", "value": value}}})
		if err == nil {
			return http.StatusNoContent
		}
		return status(err)
	}
	if got := patch("production"); got != http.StatusForbidden {
		t.Fatalf("PATCH without custom_properties = %d, want 403", got)
	}
	f.SetInstallationPermissions(instID, map[string]string{"custom_properties": "write"})
	for value, want := range map[any]int{"production": 204, "ga": 422, nil: 204} {
		if got := patch(value); got != want {
			t.Errorf("PATCH %v = %d, want %d", value, got, want)
		}
	}
	if got := f.InstallationPermissions(instID); got["custom_properties"] != "write" || got["issues"] != "write" {
		t.Errorf("granted = %v", got)
	}
}

func TestAppPropertyWritesAreDeliveredLikeAPersons(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.DefineCustomProperty(org, "lifecycle", "launching", "production")
	f.SetInstallationPermissions(instID, map[string]string{"custom_properties": "write"})
	sink := newSink(t, f)
	if _, _, err := raw(t, c, "PATCH", "repos/acme/api/properties/values", map[string]any{"properties": []any{map[string]any{"property_name": "lifecycle", "value": "launching"}}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(sink.all()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	hooks := sink.all()
	if len(hooks) != 1 || hooks[0].event != "custom_property_values" {
		t.Fatalf("deliveries = %+v, want one custom_property_values", hooks)
	}
	p := hooks[0].payload
	if p["sender"].(map[string]any)["login"] != f.BotLogin() || p["new_property_values"].([]any)[0].(map[string]any)["value"] != "launching" ||
		p["old_property_values"].([]any)[0].(map[string]any)["value"] != nil {
		t.Errorf("payload = %v", p)
	}
}
