package reconcile

import (
	"context"
	"errors"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
)

// evaluation is a repository evaluated at one commit, one report per service.
type evaluation struct {
	// commitSHA is the commit evaluated when it was named by SHA (a pull request's head), and
	// tree its files, which is what an unchanged repository is recognised by.
	commitSHA string
	tree      gh.TreeTag
	report    *checklist.Report
	// sources and external name the other repositories read for manifests, and their state.
	sources, external []string
	// snap is the repository at commitSHA, where the services' owners are looked up.
	snap repo.Snapshot
}

// single wraps one service's results as a report of its own, the unit the issue renders.
func (e *evaluation) single(results checklist.ServiceReport) *checklist.Report {
	return &checklist.Report{Checklist: e.report.Checklist, Services: []checklist.ServiceReport{results}, Skipped: e.report.Skipped}
}

// evaluateRef evaluates every configured service at ref with rules, manual items from the store,
// through checklist.Evaluate: the path `prc check` takes. A branch is read as a tree directly,
// without resolving its commit first.
func (r *Reconciler) evaluateRef(ctx context.Context, client gh.Client, repo gh.Repo, ref string, rules Rules) (*evaluation, error) {
	tree, err := client.ReadTree(ctx, repo.Owner, repo.Name, ref)
	if err != nil {
		return nil, err
	}
	done, err := r.repoTicks(ctx, repo.ID)
	if err != nil {
		return nil, err
	}
	ext, err := r.readExternals(ctx, client, repo, rules.Config)
	if err != nil {
		return nil, err
	}
	snap := gh.NewTreeSnapshot(ctx, client, repo.Owner, repo.Name, tree, r.blobs)
	opts := checklist.Options{Config: rules.Config, DefaultName: repo.Name, Now: r.now(), Done: func(service, id string) bool { return done[service][id] },
		External: ext.repos}
	rep, err := checklist.Evaluate(ctx, rules.Checklist, snap, opts)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(snap.Err(), ext.err()); err != nil {
		return nil, err
	}
	for i := range rep.Services {
		metrics.From(ctx).Evaluated()
		notes := &rep.Services[i].Notes
		*notes = append(*notes, rules.Problems...)
		if tree.Truncated {
			*notes = append(*notes, "GitHub truncated this repository's file tree; some files were not inspected.")
		}
	}
	return &evaluation{commitSHA: tree.CommitSHA, tree: gh.TreeTag{SHA: tree.SHA, ETag: tree.ETag}, report: rep, sources: ext.sources, external: ext.key, snap: snap}, nil
}

// defaultRef names the default branch to evaluate: by its name, which saves a read, unless a
// service of the repository has launched or is launching, whose regressions must name the commit
// they break in; then by the commit the branch is at.
func (r *Reconciler) defaultRef(ctx context.Context, client gh.Client, repo gh.Repo, services []store.Service, launching bool) (string, error) {
	if launching {
		return client.ResolveRef(ctx, repo.Owner, repo.Name, repo.DefaultBranch)
	}
	for _, svc := range services {
		launched, err := r.store.Launched(ctx, svc.ID)
		if err != nil {
			return "", err
		}
		if launched {
			return client.ResolveRef(ctx, repo.Owner, repo.Name, repo.DefaultBranch)
		}
	}
	return repo.DefaultBranch, nil
}

// repoTicks returns the accepted state of every manual item of every service of a repository,
// from their tick histories.
func (r *Reconciler) repoTicks(ctx context.Context, repoID int64) (map[string]map[string]bool, error) {
	services, err := r.store.Services(ctx, repoID)
	if err != nil {
		return nil, err
	}
	done := make(map[string]map[string]bool, len(services))
	for _, svc := range services {
		if done[svc.Name], err = r.ticksOf(ctx, svc.ID); err != nil {
			return nil, err
		}
	}
	return done, nil
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
