package events

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
)

// Store is the bookkeeping handlers keep about installations and repositories.
type Store interface {
	UpsertInstallation(ctx context.Context, in store.Installation) error
	SetInstallationSuspended(ctx context.Context, id int64, suspended bool) error
	DeleteInstallation(ctx context.Context, id int64) error
	UpsertRepository(ctx context.Context, r store.Repository) error
	RemoveRepository(ctx context.Context, id int64) error
	// ManifestDependents lists the repositories whose services keep their manifests in owner/name.
	ManifestDependents(ctx context.Context, installationID int64, owner, name string) ([]store.Repository, error)
}

// Settings are the label names handlers react to.
type Settings struct {
	IssueLabel  string
	LaunchLabel string
}

// Dispatcher turns a delivery into bookkeeping and jobs.
type Dispatcher struct {
	store   Store
	set     Settings
	forget  func(installationID int64)
	orgPush func(installationID int64, owner string)
}

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithForget has the Dispatcher call forget with an installation's id once the app is
// uninstalled from it, so that its cached GitHub client and token are dropped.
func WithForget(forget func(installationID int64)) Option {
	return func(d *Dispatcher) { d.forget = forget }
}

// NewDispatcher returns a Dispatcher.
func NewDispatcher(s Store, set Settings, opts ...Option) *Dispatcher {
	d := &Dispatcher{store: s, set: set, forget: func(int64) {}, orgPush: func(int64, string) {}}
	for _, o := range opts {
		o(d)
	}
	return d
}

type handler func(d *Dispatcher, ctx context.Context, payload []byte) ([]river.JobArgs, error)

// route is how one event is handled: by handle, for the listed actions (nil means every action).
type route struct {
	handle  handler
	actions []string
}

// routes is the one table of the events and actions prc acts on; the webhook acknowledges and
// drops everything else.
var routes = map[string]route{
	"installation":              {(*Dispatcher).installation, []string{"created", "deleted", "suspend", "unsuspend", "new_permissions_accepted"}},
	"installation_repositories": {(*Dispatcher).installationRepositories, []string{"added", "removed"}},
	"repository":                {(*Dispatcher).repository, []string{"created", "deleted", "archived", "unarchived", "renamed", "transferred", "edited"}},
	"push":                      {(*Dispatcher).push, nil},
	"issues":                    {(*Dispatcher).issues, []string{"edited", "closed", "reopened", "labeled", "deleted"}},
	"pull_request":              {(*Dispatcher).pullRequest, []string{"opened", "synchronize", "reopened", "labeled"}},
	"check_suite":               {(*Dispatcher).checkSuite, []string{"requested", "rerequested"}},
	"check_run":                 {(*Dispatcher).checkRun, []string{"rerequested"}},
	"custom_property_values":    {(*Dispatcher).customPropertyValues, []string{"updated"}},
}

// Handles reports whether prc acts on event with action.
func Handles(event, action string) bool {
	r, ok := routes[event]
	return ok && (r.actions == nil || slices.Contains(r.actions, action))
}

// Dispatch handles one delivery and returns the jobs it calls for.
func (d *Dispatcher) Dispatch(ctx context.Context, event string, payload []byte) ([]river.JobArgs, error) {
	r, ok := routes[event]
	if !ok {
		return nil, nil
	}
	jobs, err := r.handle(d, ctx, payload)
	if err != nil {
		return nil, fmt.Errorf("%s event: %w", event, err)
	}
	return jobs, nil
}

func decode(payload []byte, v any) error {
	if err := json.Unmarshal(payload, v); err != nil {
		return fmt.Errorf("decode payload: %w", err)
	}
	return nil
}
