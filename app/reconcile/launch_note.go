package reconcile

import (
	"context"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/render"
)

// followRepoSignals follows the launch signals for every service of the repository, with their
// issue numbers as just upserted.
func (r *Reconciler) followRepoSignals(ctx context.Context, w *signalWork, sigs signals) error {
	if len(sigs.list) == 0 {
		return nil
	}
	services, err := r.store.Services(ctx, w.repo.ID)
	if err != nil {
		return err
	}
	for _, svc := range services {
		if w.reps[svc.Name] != nil {
			w.services = append(w.services, svc)
		}
	}
	return r.followSignals(ctx, w, sigs)
}

// launchNote is the service's latest recorded launch as its issue shows it, nil before any.
func (r *Reconciler) launchNote(ctx context.Context, serviceID int64) (*render.LaunchNote, error) {
	launches, err := r.store.Launches(ctx, serviceID)
	if err != nil || len(launches) == 0 {
		return nil, err
	}
	l := launches[len(launches)-1]
	note := &render.LaunchNote{Incomplete: l.Incomplete, By: l.User, On: l.At.UTC().Format(time.DateOnly)}
	switch l.Source {
	case store.LaunchFromTopic:
		note.Via = "topic " + l.Signal
	case store.LaunchFromProperty:
		note.Via = "property " + l.Signal
	case store.LaunchFromPullRequest:
		note.Via = "label " + r.set.LaunchLabel + " on a pull request"
	default:
		note.Via = "label " + r.set.LaunchLabel
	}
	return note, nil
}
