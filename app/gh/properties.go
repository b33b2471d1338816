package gh

import (
	"context"
	"errors"
)

// ErrNotPermitted is wrapped by errors from GitHub answering 403 "Resource not accessible by
// integration": the installation did not grant the permission the request needs.
var ErrNotPermitted = errors.New("the installation lacks the permission")

// PermCustomProperties is the installation permission that lets the app change a repository's
// custom property values; "write" grants it.
const PermCustomProperties = "custom_properties"

// Properties is what prc reads and writes of a repository's custom properties, and what the
// installation allows it to do.
type Properties interface {
	// CustomProperties reads the repository's custom property values; a multi-select value is
	// its options joined by ",", and an unset property is absent. Metadata read is enough.
	CustomProperties(ctx context.Context, owner, repo string) (map[string]string, error)
	// SetCustomProperty sets one custom property value; "" unsets it. It needs the
	// installation's custom properties write permission, else ErrNotPermitted.
	SetCustomProperty(ctx context.Context, owner, repo, name, value string) error
	// InstallationPermissions are the permissions the installation granted the app, such as
	// {"issues": "write", "custom_properties": "write"}.
	InstallationPermissions(ctx context.Context) (map[string]string, error)
}
