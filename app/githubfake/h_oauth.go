package githubfake

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"
)

// authorize plays GitHub's authorization page, approved at once by the signed-in user.
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	f.mu.Lock()
	_, known := f.web.clients[q.Get("client_id")]
	login := q.Get("login")
	if login == "" {
		login = f.web.signedIn
	}
	code := ""
	if known && login != "" && redirect != "" {
		code = "oc_" + rand.Text()
		f.web.codes[code] = login
	}
	f.mu.Unlock()
	switch {
	case !known:
		http.Error(w, "unknown client_id", http.StatusNotFound)
	case redirect == "":
		http.Error(w, "redirect_uri is required", http.StatusBadRequest)
	case login == "":
		http.Error(w, "nobody is signed in to the fake GitHub", http.StatusUnauthorized)
	default:
		v := url.Values{"code": {code}, "state": {q.Get("state")}}
		http.Redirect(w, r, redirect+"?"+v.Encode(), http.StatusFound)
	}
}

// accessToken exchanges an OAuth code for a user access token, once.
func (f *Fake) accessToken(w http.ResponseWriter, r *http.Request) {
	id, secret := r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	code := r.PostFormValue("code")
	f.mu.Lock()
	want, known := f.web.clients[id]
	login, ok := f.web.codes[code]
	delete(f.web.codes, code)
	tok := ""
	if known && want == secret && ok {
		tok = f.web.newUserToken(f.st, login)
	}
	f.mu.Unlock()
	v := url.Values{}
	if tok == "" {
		v.Set("error", "bad_verification_code")
	} else {
		v.Set("access_token", tok)
		v.Set("token_type", "bearer")
		v.Set("scope", "")
	}
	if strings.Contains(r.Header.Get("Accept"), "json") {
		m := map[string]string{}
		for k := range v {
			m[k] = v.Get(k)
		}
		writeReply(w, r, okReply(m))
		return
	}
	w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
	_, _ = w.Write([]byte(v.Encode()))
}

// userRoute authenticates a user access token and runs h as that user under the state lock.
func (f *Fake) userRoute(h func(c *call, login string) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		login, ok := f.web.userToks[credential(r)]
		c := &call{f: f, st: f.st, r: r, vars: mux.Vars(r), now: f.now()}
		rep := *errReply(http.StatusUnauthorized, "Bad credentials")
		if ok {
			rep = h(c, login)
		}
		encoded := encode(rep)
		f.mu.Unlock()
		writeReply(w, r, encoded)
	}
}

func getUser(c *call, login string) reply { return okReply(c.userJSON(login)) }

// canRead is whether login may read r: any public repository, or a private one they have a role on.
func canRead(r *repo, login string) bool {
	role, ok := r.perms[lower(login)]
	return !r.private || (ok && role != "none")
}

func (c *call) readable(inst int64, login string) []*repo {
	var out []*repo
	for _, r := range c.st.sortedRepos(inst) {
		if canRead(r, login) {
			out = append(out, r)
		}
	}
	return out
}

// listUserInstallations serves GET /user/installations: the App's installations in which the
// user can read a repository.
func listUserInstallations(c *call, login string) reply {
	var out []map[string]any
	for _, in := range c.st.sortedInstalls() {
		if len(c.readable(in.id, login)) > 0 {
			out = append(out, map[string]any{"id": in.id, "app_id": c.f.cfg.appID, "account": c.userJSON(in.account)})
		}
	}
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(out), &rep)
	rep.body = map[string]any{"total_count": len(out), "installations": append([]map[string]any{}, out[lo:hi]...)}
	return rep
}

// listUserRepos serves GET /user/installations/{id}/repositories: the installation's
// repositories the user can read.
func listUserRepos(c *call, login string) reply {
	in, bad := c.installation()
	if bad != nil {
		return *bad
	}
	repos := c.readable(in.id, login)
	rep := reply{status: http.StatusOK}
	lo, hi := c.page(len(repos), &rep)
	list := []any{}
	for _, r := range repos[lo:hi] {
		list = append(list, c.repoJSON(r))
	}
	rep.body = map[string]any{"total_count": len(repos), "repositories": list}
	return rep
}
