package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"
	"golang.org/x/oauth2"
)

// Config is what sign-in needs; the URLs are PRC_GITHUB_URL, PRC_GITHUB_API_URL (with its
// trailing slash) and PRC_PUBLIC_URL.
type Config struct {
	GitHubURL, APIURL, PublicURL string
	ClientID, ClientSecret       string
	Public                       bool   // PRC_DASHBOARD_PUBLIC: everyone sees everything
	Key                          []byte // 64 bytes, from LoadKey
	Client                       *http.Client
}

// Auth serves sign-in and sign-out and tells handlers who the viewer is.
type Auth struct {
	cfg     Config
	oauth   *oauth2.Config
	cookies *cookies
	access  *access
	log     logrus.FieldLogger
}

type ctxKey struct{}

// New returns the sign-in routes and middleware.
func New(cfg Config, log logrus.FieldLogger) (*Auth, error) {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	acc, err := newAccess(cfg.APIURL, cfg.Client)
	if err != nil {
		return nil, err
	}
	oc := &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.PublicURL + "/auth/callback",
		Endpoint: oauth2.Endpoint{AuthURL: cfg.GitHubURL + "/login/oauth/authorize", TokenURL: cfg.GitHubURL + "/login/oauth/access_token",
			AuthStyle: oauth2.AuthStyleInParams}}
	secure := strings.HasPrefix(cfg.PublicURL, "https://")
	return &Auth{cfg: cfg, oauth: oc, cookies: newCookies(cfg.Key, secure), access: acc, log: log}, nil
}

// Register adds GET /login, GET /auth/callback and POST /logout to r.
func (a *Auth) Register(r *mux.Router) {
	r.HandleFunc("/login", a.login).Methods(http.MethodGet)
	r.HandleFunc("/auth/callback", a.callback).Methods(http.MethodGet)
	r.HandleFunc("/logout", a.logout).Methods(http.MethodPost)
}

func (a *Auth) login(w http.ResponseWriter, r *http.Request) {
	if a.cfg.ClientID == "" {
		http.Error(w, "sign-in needs the App's OAuth client: set PRC_CLIENT_ID and PRC_CLIENT_SECRET", http.StatusServiceUnavailable)
		return
	}
	st := loginState{State: rand.Text(), Next: localPath(r.URL.Query().Get("next"))}
	if err := a.cookies.set(w, stateCookie, st, 10*time.Minute); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, a.oauth.AuthCodeURL(st.State), http.StatusFound)
}

// localPath keeps only a path on this site, so ?next= cannot send a viewer elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func (a *Auth) callback(w http.ResponseWriter, r *http.Request) {
	var st loginState
	if !a.cookies.get(r, stateCookie, &st) || subtle.ConstantTimeCompare([]byte(st.State), []byte(r.URL.Query().Get("state"))) != 1 {
		http.Error(w, "sign-in state does not match; start again at /login", http.StatusBadRequest)
		return
	}
	a.cookies.clear(w, stateCookie)
	ctx := context.WithValue(r.Context(), oauth2.HTTPClient, a.cfg.Client)
	tok, err := a.oauth.Exchange(ctx, r.URL.Query().Get("code"))
	if err != nil {
		a.log.WithError(err).Warn("sign-in: exchanging the OAuth code failed")
		http.Error(w, "GitHub did not accept the sign-in code; start again at /login", http.StatusBadGateway)
		return
	}
	v, err := a.access.viewer(r.Context(), tok.AccessToken)
	if err != nil {
		a.log.WithError(err).Warn("sign-in: reading the user from GitHub failed")
		http.Error(w, "GitHub did not say who you are; try again", http.StatusBadGateway)
		return
	}
	s := Session{Login: v.Login, Token: tok.AccessToken, CSRF: rand.Text()}
	if err := a.cookies.set(w, sessionCookie, s, sessionMaxAge); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, st.Next, http.StatusFound)
}

func (a *Auth) logout(w http.ResponseWriter, r *http.Request) {
	var s Session
	if !a.cookies.get(r, sessionCookie, &s) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if subtle.ConstantTimeCompare([]byte(s.CSRF), []byte(r.PostFormValue("csrf"))) != 1 {
		http.Error(w, "missing or wrong CSRF token", http.StatusForbidden)
		return
	}
	a.cookies.clear(w, sessionCookie)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// Require lets a request through with its viewer in the context. Anonymous HTML requests go to
// /login, anonymous API requests (api true) get 401; with a public dashboard everyone passes.
func (a *Auth) Require(api bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := a.viewerOf(r)
		switch {
		case v != nil:
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, v)))
		case api:
			w.Header().Set("WWW-Authenticate", `Bearer realm="prc"`)
			msg := "sign in, or send Authorization: Bearer <GitHub user token>"
			if err != nil {
				msg = "GitHub did not accept the token"
			}
			http.Error(w, msg, http.StatusUnauthorized)
		default:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
		}
	})
}

// viewerOf is the request's viewer from a bearer token or the session, or nil.
func (a *Auth) viewerOf(r *http.Request) (*Viewer, error) {
	if a.cfg.Public {
		return Public(), nil
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return a.access.viewer(r.Context(), strings.TrimSpace(tok))
	}
	var s Session
	if !a.cookies.get(r, sessionCookie, &s) {
		return nil, nil
	}
	v, err := a.access.viewer(r.Context(), s.Token)
	if err != nil {
		return nil, err
	}
	withCSRF := *v
	withCSRF.CSRF = s.CSRF
	return &withCSRF, nil
}

// From returns the viewer Require put in ctx.
func From(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}
