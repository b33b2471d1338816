package reconcile

import (
	"context"
	"time"

	"github.com/prchq/prc/app/gh"
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

// showLaunches re-renders the open PRC issues of services that just launched, so that they say
// so at once rather than at the next evaluation.
func (r *Reconciler) showLaunches(ctx context.Context, client gh.Client, repo gh.Repo, services []store.Service) error {
	for _, svc := range services {
		if svc.IssueNumber == 0 || svc.State != store.ServiceActive {
			continue
		}
		err := r.withLock(ctx, issueLock(repo.ID, svc.Name), func() error {
			svc, err := r.store.ServiceByID(ctx, svc.ID)
			if err != nil {
				return err
			}
			last, ok := loadSaved(svc)
			if !ok {
				return nil
			}
			if last.Launch, err = r.launchNote(ctx, svc.ID); err != nil {
				return err
			}
			return r.rerender(ctx, client, repo, svc, last, "")
		})
		if err != nil {
			return err
		}
	}
	return nil
}
