package events

import (
	"context"
	"encoding/json"
	"fmt"

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
}

// Settings are the label names handlers react to.
type Settings struct {
	IssueLabel  string
	LaunchLabel string
}

// Dispatcher turns a delivery into bookkeeping and jobs.
type Dispatcher struct {
	store Store
	set   Settings
}

// NewDispatcher returns a Dispatcher.
func NewDispatcher(s Store, set Settings) *Dispatcher { return &Dispatcher{store: s, set: set} }

type handler func(d *Dispatcher, ctx context.Context, payload []byte) ([]river.JobArgs, error)

var handlers = map[string]handler{
	"installation":              (*Dispatcher).installation,
	"installation_repositories": (*Dispatcher).installationRepositories,
	"repository":                (*Dispatcher).repository,
	"push":                      (*Dispatcher).push,
	"issues":                    (*Dispatcher).issues,
	"pull_request":              (*Dispatcher).pullRequest,
	"check_suite":               (*Dispatcher).checkSuite,
	"check_run":                 (*Dispatcher).checkRun,
}

// Dispatch handles one delivery and returns the jobs it calls for.
func (d *Dispatcher) Dispatch(ctx context.Context, event string, payload []byte) ([]river.JobArgs, error) {
	h, ok := handlers[event]
	if !ok {
		return nil, nil
	}
	jobs, err := h(d, ctx, payload)
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
