package githubfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"
)

// hookID is the id of the App's webhook, sent as X-GitHub-Hook-ID.
const hookID = 1

// HookDelivery is one entry of the fake's webhook delivery log.
type HookDelivery struct {
	ID             int64
	GUID           string
	Event, Action  string
	InstallationID int64
	StatusCode     int // the App's answer; 0 when it could not be reached
	Redelivery     bool
	DeliveredAt    time.Time
}

type hookDelivery struct {
	HookDelivery
	payload []byte
}

// hooks is the App's webhook: where it is sent and the delivery log, newest last.
type hooks struct {
	url, secret string
	log         []*hookDelivery
}

// SetWebhook sets where the fake delivers webhooks and the secret it signs them with.
func (f *Fake) SetWebhook(target, secret string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.hooks.url, f.st.hooks.secret = target, secret
}

// Deliver sends a webhook to the App now, logs the attempt and returns its GUID.
func (f *Fake) Deliver(event, action string, installationID int64, payload []byte) string {
	guid := newGUID()
	f.deliver(guid, event, action, installationID, payload, false)
	return guid
}

// LogDelivery adds an attempt GitHub made earlier to the log without sending anything, as when
// the App could not be reached (StatusCode 0) or failed (5xx); only a redelivery brings it.
// An empty GUID gets a new one, a zero DeliveredAt the fake's time; the ID is the fake's.
func (f *Fake) LogDelivery(d HookDelivery, payload []byte) HookDelivery {
	if d.GUID == "" {
		d.GUID = newGUID()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if d.DeliveredAt.IsZero() {
		d.DeliveredAt = f.now()
	}
	d.ID = f.st.newID()
	log := f.st.hooks.log
	at := sort.Search(len(log), func(k int) bool { return log[k].DeliveredAt.After(d.DeliveredAt) })
	f.st.hooks.log = slices.Insert(log, at, &hookDelivery{HookDelivery: d, payload: payload})
	return d
}

// HookDeliveries returns the delivery log, oldest first by DeliveredAt.
func (f *Fake) HookDeliveries() []HookDelivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]HookDelivery, len(f.st.hooks.log))
	for k, d := range f.st.hooks.log {
		out[k] = d.HookDelivery
	}
	return out
}

func (st *state) logDelivery(guid, event, action string, inst int64, payload []byte, redelivery bool, now time.Time) *hookDelivery {
	d := &hookDelivery{HookDelivery: HookDelivery{ID: st.newID(), GUID: guid, Event: event, Action: action,
		InstallationID: inst, Redelivery: redelivery, DeliveredAt: now}, payload: payload}
	st.hooks.log = append(st.hooks.log, d)
	return d
}

// deliver logs an attempt and sends it, outside the lock, recording the App's answer.
func (f *Fake) deliver(guid, event, action string, inst int64, payload []byte, redelivery bool) {
	f.mu.Lock()
	d := f.st.logDelivery(guid, event, action, inst, payload, redelivery, f.now())
	target, secret := f.st.hooks.url, f.st.hooks.secret
	f.mu.Unlock()
	status := send(target, secret, guid, event, payload)
	f.mu.Lock()
	d.StatusCode = status
	f.mu.Unlock()
}

// send posts one signed delivery and returns the status, 0 when it got none.
func send(target, secret, guid, event string, payload []byte) int {
	if target == "" {
		return 0
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return 0
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(payload)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", guid)
	req.Header.Set("X-GitHub-Hook-ID", strconv.Itoa(hookID))
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close() // only the status matters
	return resp.StatusCode
}

func newGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// deliveryJSON is GitHub's summary of one attempt.
func deliveryJSON(d *hookDelivery) map[string]any {
	return map[string]any{"id": d.ID, "guid": d.GUID, "delivered_at": d.DeliveredAt.Format(time.RFC3339),
		"redelivery": d.Redelivery, "duration": 0.01, "status": http.StatusText(d.StatusCode), "status_code": d.StatusCode,
		"event": d.Event, "action": nullable(d.Action), "installation_id": d.InstallationID, "repository_id": nil}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// listHookDeliveries serves GET /app/hook/deliveries, newest first, paged by an opaque
// cursor (here, how many attempts earlier pages held).
func listHookDeliveries(c *call) reply {
	q := c.r.URL.Query()
	per := min(max(atoiDefault(q.Get("per_page"), 30), 1), 100)
	skip := max(atoiDefault(q.Get("cursor"), 0), 0)
	log := c.st.hooks.log
	out := []map[string]any{}
	for k := len(log) - 1 - skip; k >= 0 && len(out) < per; k-- {
		out = append(out, deliveryJSON(log[k]))
	}
	rep := okReply(out)
	if next := skip + len(out); next < len(log) {
		v := url.Values{"per_page": {strconv.Itoa(per)}, "cursor": {strconv.Itoa(next)}}
		rep.header = http.Header{"Link": {fmt.Sprintf(`<%s/app/hook/deliveries?%s>; rel="next"`, c.f.base, v.Encode())}}
	}
	return rep
}

// redeliver serves POST /app/hook/deliveries/{id}/attempts: it answers 202 and delivers the
// attempt's payload again, under the same GUID, soon after.
func redeliver(c *call) reply {
	id, _ := strconv.ParseInt(c.vars["id"], 10, 64)
	for _, d := range c.st.hooks.log {
		if d.ID == id {
			orig := d.HookDelivery
			go c.f.deliver(orig.GUID, orig.Event, orig.Action, orig.InstallationID, d.payload, true)
			return reply{status: http.StatusAccepted, body: map[string]any{}}
		}
	}
	return notFound()
}
