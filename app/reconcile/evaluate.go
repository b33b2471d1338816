package reconcile

import (
	"context"
	"errors"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
)

// evaluation is a repository evaluated at one commit, one report per service.
type evaluation struct {
	checklist *checklist.Checklist
	commitSHA string
	info      checklist.Info
	Services  []checklist.ServiceReport
	skipped   checklist.Report
}

// single wraps one service's results as a report of its own, the unit the issue renders.
func (e *evaluation) single(sr checklist.ServiceReport) *checklist.Report {
	return &checklist.Report{Checklist: e.info, Services: []checklist.ServiceReport{sr}, Skipped: e.skipped.Skipped}
}

// evaluateRef evaluates every configured service at ref with rules, manual items from the store.
func (r *Reconciler) evaluateRef(ctx context.Context, client gh.Client, repo gh.Repo, ref string, rules Rules) (*evaluation, error) {
	sha, err := client.ResolveRef(ctx, repo.Owner, repo.Name, ref)
	if err != nil {
		return nil, err
	}
	tree, err := client.ReadTree(ctx, repo.Owner, repo.Name, sha)
	if err != nil {
		return nil, err
	}
	snap := gh.NewTreeSnapshot(ctx, client, repo.Owner, repo.Name, tree, r.blobs)
	c := rules.Checklist
	ev := &evaluation{checklist: c, commitSHA: sha, info: checklist.Info{Name: c.Name, Version: c.Version, Source: c.Source}}
	for _, target := range rules.Config.Targets(repo.Name) {
		done, err := r.tickState(ctx, repo.ID, target.Name)
		if err != nil {
			return nil, err
		}
		sr, err := checklist.EvaluateService(ctx, c, snap, target, checklist.Options{Now: r.now(), Done: func(_, id string) bool { return done[id] }})
		if err != nil {
			return nil, err
		}
		if err := snap.Err(); err != nil {
			return nil, err
		}
		metrics.From(ctx).Evaluated()
		sr.Notes = append(sr.Notes, rules.Problems...)
		if tree.Truncated {
			sr.Notes = append(sr.Notes, "GitHub truncated this repository's file tree; some files were not inspected.")
		}
		ev.Services = append(ev.Services, sr)
	}
	ev.skipped.Skipped = snap.Skipped()
	return ev, nil
}

// tickState returns the accepted state of every manual item of a service, from its tick history.
func (r *Reconciler) tickState(ctx context.Context, repoID int64, service string) (map[string]bool, error) {
	svc, err := r.store.Service(ctx, repoID, service)
	if err != nil {
		if isNotFound(err) {
			return map[string]bool{}, nil
		}
		return nil, err
	}
	return r.ticksOf(ctx, svc.ID)
}

func (r *Reconciler) ticksOf(ctx context.Context, serviceID int64) (map[string]bool, error) {
	ticks, err := r.store.Ticks(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	state := map[string]bool{}
	for _, t := range ticks {
		if t.Accepted {
			state[t.Item] = t.Checked
		}
	}
	return state, nil
}

func isNotFound(err error) bool {
	return err != nil && (errors.Is(err, store.ErrNotFound) || errors.Is(err, gh.ErrNotFound))
}

// checked is the box state the app renders for a result.
func checked(r checklist.Result) bool { return r.Status.Satisfied() }
