package auth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"
)

// accessTTL is how long what GitHub said about a token is trusted.
const accessTTL = 5 * time.Minute

// maxCached bounds the access cache.
const maxCached = 10000

// Viewer is who looks at the dashboard and what they may see.
type Viewer struct {
	Login string
	CSRF  string // for forms that change state; empty for a bearer token or a public dashboard
	all   bool
	repos map[string]bool // lower-case "owner/name"
}

// CanSee reports whether the viewer may read the repository.
func (v *Viewer) CanSee(owner, repo string) bool {
	return v != nil && (v.all || v.repos[strings.ToLower(owner+"/"+repo)])
}

// CanSeeOwner reports whether the viewer may read some repository of the account.
func (v *Viewer) CanSeeOwner(owner string) bool {
	if v == nil || v.all {
		return v != nil
	}
	prefix := strings.ToLower(owner) + "/"
	for r := range v.repos {
		if strings.HasPrefix(r, prefix) {
			return true
		}
	}
	return false
}

// Public is the viewer of a dashboard without login: everything.
func Public() *Viewer { return &Viewer{all: true} }

// access asks GitHub, with the viewer's token, who they are and which of the App's repositories
// they can read (GET /user, /user/installations and /user/installations/{id}/repositories).
type access struct {
	api    *url.URL
	client *http.Client
	now    func() time.Time

	mu    sync.Mutex
	cache map[[32]byte]cached
}

type cached struct {
	v   *Viewer
	exp time.Time
}

func newAccess(apiURL string, client *http.Client) (*access, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, fmt.Errorf("PRC_GITHUB_API_URL: %w", err)
	}
	return &access{api: u, client: client, now: time.Now, cache: map[[32]byte]cached{}}, nil
}

// viewer returns what GitHub says of token, from the cache when it is fresh.
func (a *access) viewer(ctx context.Context, token string) (*Viewer, error) {
	key := sha256.Sum256([]byte(token))
	a.mu.Lock()
	c, ok := a.cache[key]
	a.mu.Unlock()
	if ok && a.now().Before(c.exp) {
		return c.v, nil
	}
	v, err := a.ask(ctx, token)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.cache) >= maxCached {
		clear(a.cache)
	}
	a.cache[key] = cached{v: v, exp: a.now().Add(accessTTL)}
	return v, nil
}

func (a *access) ask(ctx context.Context, token string) (*Viewer, error) {
	gc := github.NewClient(a.client).WithAuthToken(token)
	gc.BaseURL = a.api
	user, _, err := gc.Users.Get(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("GET /user: %w", err)
	}
	v := &Viewer{Login: user.GetLogin(), repos: map[string]bool{}}
	opt := &github.ListOptions{PerPage: 100}
	for {
		insts, resp, err := gc.Apps.ListUserInstallations(ctx, opt)
		if err != nil {
			return nil, fmt.Errorf("GET /user/installations: %w", err)
		}
		for _, in := range insts {
			if err := a.addRepos(ctx, gc, in.GetID(), v); err != nil {
				return nil, err
			}
		}
		if resp.NextPage == 0 {
			return v, nil
		}
		opt.Page = resp.NextPage
	}
}

func (a *access) addRepos(ctx context.Context, gc *github.Client, inst int64, v *Viewer) error {
	opt := &github.ListOptions{PerPage: 100}
	for {
		list, resp, err := gc.Apps.ListUserRepos(ctx, inst, opt)
		if err != nil {
			return fmt.Errorf("GET /user/installations/%d/repositories: %w", inst, err)
		}
		for _, r := range list.Repositories {
			v.repos[strings.ToLower(r.GetFullName())] = true
		}
		if resp.NextPage == 0 {
			return nil
		}
		opt.Page = resp.NextPage
	}
}
