package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

// MaxBody is GitHub's cap on webhook payloads: 25 MB.
const MaxBody = 25 << 20

// recordTimeout bounds how long recording a delivery may take once the body is read.
const recordTimeout = 10 * time.Second

// Recorder durably records a delivery together with the job that will process it.
type Recorder interface {
	RecordDelivery(ctx context.Context, d store.Delivery, job river.JobArgs) (duplicate bool, err error)
}

// Handler receives GitHub webhooks.
type Handler struct {
	secrets  []string
	recorder Recorder
	log      logrus.FieldLogger
	now      func() time.Time
}

// NewHandler returns the webhook handler. secrets are tried in order: the current one, then the
// previous one during rotation.
func NewHandler(recorder Recorder, log logrus.FieldLogger, secrets ...string) *Handler {
	return &Handler{secrets: secrets, recorder: recorder, log: log, now: time.Now}
}

// payloadHead is what the edge reads of a payload.
type payloadHead struct {
	Action       string `json:"action"`
	Installation *struct {
		ID int64 `json:"id"`
	} `json:"installation"`
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	event, delivery := r.Header.Get("X-GitHub-Event"), r.Header.Get("X-GitHub-Delivery")
	log := h.log.WithFields(logrus.Fields{"event": event, "delivery": delivery})
	body, status := readBody(w, r)
	if status != 0 {
		log.WithField("status", status).Warn("webhook rejected: body")
		http.Error(w, http.StatusText(status), status)
		return
	}
	if !validSignature(r.Header.Get("X-Hub-Signature-256"), body, h.secrets) {
		log.Warn("webhook rejected: missing or invalid X-Hub-Signature-256")
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	if event == "" || delivery == "" {
		http.Error(w, "missing X-GitHub-Event or X-GitHub-Delivery", http.StatusBadRequest)
		return
	}
	body, err := jsonPayload(r.Header.Get("Content-Type"), body)
	if err != nil {
		log.WithError(err).Warn("webhook rejected: malformed form payload")
		http.Error(w, "malformed form payload", http.StatusBadRequest)
		return
	}
	var head payloadHead
	if err := json.Unmarshal(body, &head); err != nil {
		log.WithError(err).Warn("webhook rejected: malformed JSON")
		http.Error(w, "malformed JSON payload", http.StatusBadRequest)
		return
	}
	if event == "ping" {
		writeText(w, http.StatusOK, "pong")
		return
	}
	if !Handles(event, head.Action) {
		writeText(w, http.StatusAccepted, "ignored")
		return
	}
	h.record(w, r, log, head, body)
}

func (h *Handler) record(w http.ResponseWriter, r *http.Request, log logrus.FieldLogger, head payloadHead, body []byte) {
	hookID, _ := strconv.ParseInt(r.Header.Get("X-GitHub-Hook-ID"), 10, 64)
	d := store.Delivery{
		HookID: hookID, DeliveryID: r.Header.Get("X-GitHub-Delivery"), Event: r.Header.Get("X-GitHub-Event"),
		Action: head.Action, Payload: body, ReceivedAt: h.now().UTC(),
	}
	if head.Installation != nil {
		d.InstallationID = head.Installation.ID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), recordTimeout)
	defer cancel()
	dup, err := h.recorder.RecordDelivery(ctx, d, jobs.DeliveryArgs{HookID: hookID, DeliveryID: d.DeliveryID})
	switch {
	case err != nil:
		log.WithError(err).Error("webhook not recorded")
		http.Error(w, "could not record the delivery; redeliver later", http.StatusServiceUnavailable)
	case dup:
		log.Info("webhook redelivered; already recorded")
		writeText(w, http.StatusOK, "duplicate delivery")
	default:
		log.WithField("action", head.Action).Debug("webhook recorded")
		writeText(w, http.StatusAccepted, "accepted")
	}
}

// readBody reads at most MaxBody bytes; it returns a non-zero status when the request is unfit.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, int) {
	if r.Method != http.MethodPost {
		return nil, http.StatusMethodNotAllowed
	}
	if r.ContentLength > MaxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge
	case err != nil:
		return nil, http.StatusBadRequest
	}
	return body, 0
}

func writeText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg+"\n")
}

// jsonPayload returns the JSON of a delivery: the body itself, or the payload field of a
// webhook configured with the application/x-www-form-urlencoded content type. The signature
// covers the raw body, so this runs after it is verified.
func jsonPayload(contentType string, body []byte) ([]byte, error) {
	if mt, _, _ := mime.ParseMediaType(contentType); mt != "application/x-www-form-urlencoded" {
		return body, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	return []byte(form.Get("payload")), nil
}
