package reconcile

import (
	"context"
	"fmt"
	"slices"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

// LaunchRequest is the launch label added to a PRC issue or a pull request.
type LaunchRequest struct {
	Number      int
	PullRequest bool
	Sender      string
}

// Launch gates the launch label: on an incomplete checklist the label comes off with a comment
// listing what is missing; on a complete one the launch is recorded.
func (r *Reconciler) Launch(ctx context.Context, t Target, l LaunchRequest) error {
	if err := r.Repository(ctx, t, false); err != nil {
		return err
	}
	client, repo, err := r.open(ctx, t)
	if err != nil {
		return ignoreNotFound(err)
	}
	services, err := r.launchServices(ctx, repo.ID, l)
	if err != nil || len(services) == 0 {
		return err
	}
	var missing []checklist.ServiceReport
	for _, svc := range services {
		results, err := r.currentReport(ctx, svc)
		if err != nil {
			return err
		}
		if !results.Summary.Ready {
			missing = append(missing, results)
		}
	}
	if len(missing) > 0 {
		return r.refuseLaunch(ctx, client, repo, l, missing)
	}
	if err := r.recordLaunches(ctx, services, l); err != nil {
		return err
	}
	return r.showLaunches(ctx, client, repo, services)
}

// launchServices are the services a launch label speaks for: the issue's service, or every
// tracked service of the repository for a pull request.
func (r *Reconciler) launchServices(ctx context.Context, repoID int64, l LaunchRequest) ([]store.Service, error) {
	if l.PullRequest {
		services, err := r.store.Services(ctx, repoID)
		return slices.DeleteFunc(services, func(s store.Service) bool { return s.Untracked }), err
	}
	svc, ok, err := r.serviceByIssue(ctx, repoID, l.Number)
	if err != nil || !ok {
		return nil, err
	}
	return []store.Service{svc}, nil
}

// currentReport is a service's saved evaluation with its current ticks applied.
func (r *Reconciler) currentReport(ctx context.Context, svc store.Service) (checklist.ServiceReport, error) {
	last, ok := loadSaved(svc)
	if !ok {
		return checklist.ServiceReport{Name: svc.Name}, fmt.Errorf("service %s has no evaluation yet", svc.Name)
	}
	state, err := r.ticksOf(ctx, svc.ID)
	if err != nil {
		return checklist.ServiceReport{}, err
	}
	results := last.Report.Services[0]
	results.ApplyTicks(func(id string) bool { return state[id] })
	return results, nil
}

func (r *Reconciler) refuseLaunch(ctx context.Context, client gh.Client, repo gh.Repo, l LaunchRequest, missing []checklist.ServiceReport) error {
	if err := client.RemoveLabel(ctx, repo.Owner, repo.Name, l.Number, r.set.LaunchLabel); err != nil {
		return err
	}
	r.logger(ctx).WithField(logctx.Repo, repo.FullName()).WithField("number", l.Number).Info("launch refused: checklist incomplete")
	metrics.From(ctx).LaunchBlocked()
	msg := render.LaunchRefusedComment(render.LaunchRefusal{Sender: l.Sender, Label: r.set.LaunchLabel, Services: missing})
	return client.Comment(ctx, repo.Owner, repo.Name, l.Number, msg)
}

func (r *Reconciler) recordLaunches(ctx context.Context, services []store.Service, l LaunchRequest) error {
	source := store.LaunchFromIssue
	if l.PullRequest {
		source = store.LaunchFromPullRequest
	}
	for _, svc := range services {
		err := r.store.RecordLaunch(ctx, store.Launch{ServiceID: svc.ID, User: l.Sender, ChecklistVersion: svc.ChecklistVersion, Source: source, Number: l.Number, At: r.now()})
		if err != nil {
			return err
		}
	}
	return nil
}
