package setup

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"
)

// stateTTL is how long a registration started on the page may take to come back.
const stateTTL = time.Hour

// maxStates bounds the pending registrations kept in memory.
const maxStates = 1000

// Started is called with the new App's credentials; it stores or prints them and starts the App.
type Started func(ctx context.Context, c Credentials) error

// Handler serves the setup routes: GET / (the manifest page) and GET /setup/callback.
type Handler struct {
	githubURL, apiURL, publicURL string
	client                       *http.Client
	log                          logrus.FieldLogger
	started                      Started

	mu         sync.Mutex
	states     map[string]time.Time
	configured bool
}

// NewHandler returns the setup routes. githubURL and apiURL are PRC_GITHUB_URL and
// PRC_GITHUB_API_URL (with its trailing slash), publicURL PRC_PUBLIC_URL.
func NewHandler(githubURL, apiURL, publicURL string, client *http.Client, log logrus.FieldLogger, started Started) *Handler {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &Handler{githubURL: githubURL, apiURL: apiURL, publicURL: publicURL, client: client, log: log,
		started: started, states: map[string]time.Time{}}
}

// Register adds the setup routes to r.
func (h *Handler) Register(r *mux.Router) {
	r.HandleFunc("/", h.page).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/setup/callback", h.callback).Methods(http.MethodGet)
}

// orgName is a GitHub account name.
var orgName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	if h.isConfigured() {
		AlreadyConfigured(w, r)
		return
	}
	org := r.URL.Query().Get("org")
	data := pageData{Org: org}
	if org != "" && !orgName.MatchString(org) {
		data.Problem, org = fmt.Sprintf("%q is not a GitHub organisation name.", org), ""
		data.Org = ""
	}
	target := h.githubURL + "/settings/apps/new"
	if org != "" {
		target = h.githubURL + "/organizations/" + url.PathEscape(org) + "/settings/apps/new"
	}
	mf, err := json.Marshal(newManifest(h.publicURL))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	data.Action, data.Manifest = target+"?state="+url.QueryEscape(h.newState()), string(mf)
	render(w, http.StatusOK, setupPage, data)
}

func (h *Handler) newState() string {
	s := rand.Text()
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	for k, exp := range h.states {
		if now.After(exp) || len(h.states) >= maxStates {
			delete(h.states, k)
		}
	}
	h.states[s] = now.Add(stateTTL)
	return s
}

// takeState consumes a state; it reports whether the state was issued here and is still fresh.
func (h *Handler) takeState(s string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	exp, ok := h.states[s]
	delete(h.states, s)
	return ok && time.Now().Before(exp)
}

func (h *Handler) isConfigured() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.configured
}

func (h *Handler) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if h.isConfigured() {
		AlreadyConfigured(w, r)
		return
	}
	if !h.takeState(q.Get("state")) {
		render(w, http.StatusBadRequest, messagePage, message{Title: "Setup link expired",
			Text: "This registration did not start on this prc, or it expired. Start again from the setup page.", Link: "/"})
		return
	}
	code := q.Get("code")
	if code == "" {
		render(w, http.StatusBadRequest, messagePage, message{Title: "No code", Text: "GitHub sent no code back.", Link: "/"})
		return
	}
	creds, err := h.convert(r.Context(), code)
	if err == nil {
		err = h.finish(r.Context(), creds)
	}
	if err != nil {
		h.log.WithError(err).Error("setup: registering the GitHub App failed")
		render(w, http.StatusBadGateway, messagePage, message{Title: "Setup failed", Text: err.Error(), Link: "/"})
		return
	}
	http.Redirect(w, r, creds.HTMLURL+"/installations/new", http.StatusFound)
}

// finish starts the App once, however many callbacks race.
func (h *Handler) finish(ctx context.Context, c Credentials) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.configured {
		return fmt.Errorf("prc was configured meanwhile")
	}
	if err := h.started(context.WithoutCancel(ctx), c); err != nil {
		return err
	}
	h.configured = true
	return nil
}

// convert exchanges the manifest code for the new App's credentials.
func (h *Handler) convert(ctx context.Context, code string) (Credentials, error) {
	var c Credentials
	u := h.apiURL + "app-manifests/" + url.PathEscape(code) + "/conversions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return c, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	resp, err := h.client.Do(req)
	if err != nil {
		return c, fmt.Errorf("exchange the manifest code with GitHub: %w", err)
	}
	defer func() { _ = resp.Body.Close() }() // read-only: nothing is lost if closing fails
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusCreated {
		return c, fmt.Errorf("GitHub answered %d to the manifest conversion: %s", resp.StatusCode, truncate(string(body), 200))
	}
	if err := json.Unmarshal(body, &c); err != nil || c.AppID <= 0 || c.PEM == "" || c.WebhookSecret == "" {
		return c, fmt.Errorf("GitHub's manifest conversion lacks the App's id, key or webhook secret")
	}
	return c, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// AlreadyConfigured answers a setup route once the App is configured: nothing happens.
func AlreadyConfigured(w http.ResponseWriter, _ *http.Request) {
	render(w, http.StatusOK, messagePage, message{Title: "prc is already set up",
		Text: "This prc already has its GitHub App; setup did nothing. To register another, remove the credentials and restart.", Link: "/"})
}
