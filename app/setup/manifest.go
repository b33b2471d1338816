package setup

import "net/url"

// manifest is the GitHub App manifest: what GitHub presets on the registration page.
type manifest struct {
	Name                  string            `json:"name"`
	URL                   string            `json:"url"`
	HookAttributes        hookAttributes    `json:"hook_attributes"`
	RedirectURL           string            `json:"redirect_url"`
	CallbackURLs          []string          `json:"callback_urls"`
	SetupURL              string            `json:"setup_url"`
	Public                bool              `json:"public"`
	RequestOAuthOnInstall bool              `json:"request_oauth_on_install"`
	DefaultPermissions    map[string]string `json:"default_permissions"`
	DefaultEvents         []string          `json:"default_events"`
}

type hookAttributes struct {
	URL    string `json:"url"`
	Active bool   `json:"active"`
}

// newManifest presets the permissions and events the README lists and every URL from publicURL.
func newManifest(publicURL string) manifest {
	name := "prc"
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		name = "prc " + u.Hostname()
		if len(name) > 34 { // GitHub's limit on App names
			name = name[:34]
		}
	}
	return manifest{
		Name:           name,
		URL:            publicURL,
		HookAttributes: hookAttributes{URL: publicURL + "/api/github/webhook", Active: true},
		RedirectURL:    publicURL + "/setup/callback",
		CallbackURLs:   []string{publicURL + "/auth/callback"},
		SetupURL:       publicURL + "/",
		DefaultPermissions: map[string]string{
			"issues": "write", "checks": "write", "contents": "read", "pull_requests": "write", "metadata": "read",
		},
		DefaultEvents: []string{"repository", "push", "issues", "pull_request", "check_suite", "check_run"},
	}
}
