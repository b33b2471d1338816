package githubfake

import (
	"fmt"
	"maps"

	"github.com/google/go-github/v60/github"
)

// requestedPermissions are the permissions prc's app asks for, as GitHub lists them.
var requestedPermissions = map[string]string{
	"issues": "write", "checks": "write", "contents": "read", "pull_requests": "write", "metadata": "read",
}

// tokenJSON is an installation token; go-github v60's permission type cannot carry every
// permission GitHub grants (custom_properties among them), so they are a plain map.
type tokenJSON struct {
	*github.InstallationToken
	Permissions map[string]string `json:"permissions"`
}

// installationJSON is an installation with its permissions as a plain map, like tokenJSON.
type installationJSON struct {
	*github.Installation
	Permissions map[string]string `json:"permissions"`
}

// granted is what the installation's owner granted: what the app asks for, changed by
// SetInstallationPermissions.
func (in *installation) granted() map[string]string {
	out := maps.Clone(requestedPermissions)
	for k, v := range in.perms {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// allows reports whether the installation granted permission at level ("read" or "write").
func (in *installation) allows(permission, level string) bool {
	got := in.granted()[permission]
	return got == "write" || got == level
}

// SetInstallationPermissions changes what an installation granted on top of what the app asks
// for, such as {"custom_properties": "write"}; a value "" takes a permission away. Tokens issued
// afterwards, GET /app/installations/{id} and the API's checks follow it at once.
func (f *Fake) SetInstallationPermissions(id int64, perms map[string]string) {
	f.locked(func(st *state) error {
		in, ok := st.installs[id]
		if !ok {
			return fmt.Errorf("set permissions: no installation %d", id)
		}
		if in.perms == nil {
			in.perms = map[string]string{}
		}
		maps.Copy(in.perms, perms)
		return nil
	})
}

// InstallationPermissions returns what an installation granted.
func (f *Fake) InstallationPermissions(id int64) map[string]string {
	var out map[string]string
	f.locked(func(st *state) error {
		in, ok := st.installs[id]
		if !ok {
			return fmt.Errorf("no installation %d", id)
		}
		out = in.granted()
		return nil
	})
	return out
}
