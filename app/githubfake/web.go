package githubfake

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"
)

// web is the fake's state for GitHub's web flows: App registration from a manifest and the
// OAuth web flow. It is guarded by Fake.mu like the rest of the state.
type web struct {
	manifests map[string]Manifest // conversion code -> the manifest it registered
	converted []Manifest
	clients   map[string]string // OAuth client id -> secret
	codes     map[string]string // OAuth code -> login
	userToks  map[string]string // user access token -> login
	signedIn  string            // who is signed in to the fake's web pages
	secret    string            // webhook secret of the App registered from a manifest
}

func newWeb() *web {
	return &web{manifests: map[string]Manifest{}, clients: map[string]string{}, codes: map[string]string{}, userToks: map[string]string{}}
}

// Manifest is a GitHub App manifest as posted to the registration page, with where it was posted.
type Manifest struct {
	Org   string // "" for the personal account
	State string
	Raw   string
	// Decoded fields prc's tests look at.
	Name           string            `json:"name"`
	RedirectURL    string            `json:"redirect_url"`
	CallbackURLs   []string          `json:"callback_urls"`
	SetupURL       string            `json:"setup_url"`
	RequestOAuth   bool              `json:"request_oauth_on_install"`
	HookAttributes map[string]any    `json:"hook_attributes"`
	Permissions    map[string]string `json:"default_permissions"`
	Events         []string          `json:"default_events"`
}

// webRoutes adds the web and user routes; they authenticate themselves.
func (f *Fake) webRoutes(m *mux.Router) {
	f.web = newWeb()
	m.HandleFunc("/settings/apps/new", f.newAppFromManifest).Methods("POST")
	m.HandleFunc("/organizations/{org}/settings/apps/new", f.newAppFromManifest).Methods("POST")
	m.HandleFunc("/app-manifests/{code}/conversions", f.convertManifest).Methods("POST")
	m.HandleFunc("/apps/{slug}/installations/new", f.installPage).Methods("GET")
	m.HandleFunc("/login/oauth/authorize", f.authorize).Methods("GET")
	m.HandleFunc("/login/oauth/access_token", f.accessToken).Methods("POST")
	m.HandleFunc("/user", f.userRoute(getUser)).Methods("GET")
	m.HandleFunc("/user/installations", f.userRoute(listUserInstallations)).Methods("GET")
	m.HandleFunc("/user/installations/{id:[0-9]+}/repositories", f.userRoute(listUserRepos)).Methods("GET")
}

// newAppFromManifest plays GitHub's registration page submitted at once: it registers the App
// the manifest describes and sends the browser to its redirect_url with a code and the state.
func (f *Fake) newAppFromManifest(w http.ResponseWriter, r *http.Request) {
	raw := r.PostFormValue("manifest")
	var mf Manifest
	if err := json.Unmarshal([]byte(raw), &mf); err != nil || mf.RedirectURL == "" {
		http.Error(w, "invalid manifest", http.StatusUnprocessableEntity)
		return
	}
	mf.Org, mf.State, mf.Raw = mux.Vars(r)["org"], r.URL.Query().Get("state"), raw
	code := "mc_" + rand.Text()
	f.mu.Lock()
	f.web.manifests[code] = mf
	f.mu.Unlock()
	q := url.Values{"code": {code}, "state": {mf.State}}
	http.Redirect(w, r, mf.RedirectURL+"?"+q.Encode(), http.StatusFound)
}

// convertManifest serves POST /app-manifests/{code}/conversions: the App's credentials, once.
func (f *Fake) convertManifest(w http.ResponseWriter, r *http.Request) {
	code := mux.Vars(r)["code"]
	f.mu.Lock()
	mf, ok := f.web.manifests[code]
	delete(f.web.manifests, code)
	var body map[string]any
	if ok {
		f.web.converted = append(f.web.converted, mf)
		id, secret := "Iv1."+strings.ToLower(rand.Text()[:16]), rand.Text()
		f.web.clients[id] = secret
		f.web.secret = rand.Text()
		body = map[string]any{"id": f.cfg.appID, "slug": f.cfg.slug, "name": mf.Name, "node_id": nodeID("App", f.cfg.appID),
			"html_url": f.base + "/apps/" + f.cfg.slug, "pem": string(f.cfg.keyPEM), "webhook_secret": f.web.secret,
			"client_id": id, "client_secret": secret, "owner": map[string]any{"login": mf.Org}}
	}
	f.mu.Unlock()
	if !ok {
		writeReply(w, r, *errReply(http.StatusNotFound, "Not Found"))
		return
	}
	writeReply(w, r, createdReply(body))
}

func (f *Fake) installPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = fmt.Fprintf(w, "<!doctype html><title>Install %s</title><h1>Install %s</h1>", html.EscapeString(mux.Vars(r)["slug"]), html.EscapeString(mux.Vars(r)["slug"]))
}

// Manifests returns the manifests converted into Apps so far.
func (f *Fake) Manifests() []Manifest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Manifest(nil), f.web.converted...)
}

// WebhookSecret is the webhook secret of the App last registered from a manifest.
func (f *Fake) WebhookSecret() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.web.secret
}

// AddOAuthClient registers an OAuth client, as an App's client id and secret.
func (f *Fake) AddOAuthClient(id, secret string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.web.clients[id] = secret
}

// SignIn sets who is signed in to the fake's web pages: the user an OAuth authorization is for.
// The authorize page's login parameter, as on GitHub, picks the account instead.
func (f *Fake) SignIn(login string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.web.signedIn = login
}

// UserToken issues a user access token for login, as the OAuth web flow would.
func (f *Fake) UserToken(login string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.web.newUserToken(f.st, login)
}

func (w *web) newUserToken(st *state, login string) string {
	st.user(login)
	tok := "ghu_" + rand.Text()
	w.userToks[tok] = login
	return tok
}
