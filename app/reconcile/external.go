package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repoconfig"
)

// Manifests kept in another repository (`manifests: {repo, path}` in .github/prc.yml) are read
// from that repository's default branch with the installation's token. One that cannot be read
// (another account's, not in the installation, empty) is handed to the checklist as a problem,
// so the checks that read manifests error; a GitHub failure fails the evaluation, to be retried.

// externals is what one evaluation read of the other repositories its services name.
type externals struct {
	repos map[string]checklist.ExternalRepo
	// sources are the repositories, "owner/name" in lower case, sorted.
	sources []string
	// key names what was read of each source, in the order of sources, for the evaluation key.
	key   []string
	snaps []*gh.TreeSnapshot
}

// err returns the first GitHub failure met while reading the sources' blobs.
func (x externals) err() error {
	for _, s := range x.snaps {
		if err := s.Err(); err != nil {
			return err
		}
	}
	return nil
}

// externalSources lists the other repositories the services of cfg keep their manifests in.
func externalSources(cfg *repoconfig.Config, defaultName string) []string {
	var out []string
	for _, t := range cfg.Targets(defaultName) {
		if t.External != nil {
			out = append(out, strings.ToLower(t.External.Repo))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// readExternals reads the other repositories that repo's configuration names.
func (r *Reconciler) readExternals(ctx context.Context, client gh.Client, repo gh.Repo, cfg *repoconfig.Config) (externals, error) {
	x := externals{repos: map[string]checklist.ExternalRepo{}, sources: externalSources(cfg, repo.Name)}
	for _, src := range x.sources {
		head, err := externalHead(ctx, client, repo.Owner, src)
		if err != nil {
			return x, err
		}
		x.key = append(x.key, head.key(src))
		if head.problem != "" {
			r.logger(ctx).WithField(logctx.Repo, repo.FullName()).WithField("manifests", src).Warn("manifests in another repository cannot be read: " + head.problem)
			x.repos[src] = checklist.ExternalRepo{Problem: head.problem}
			continue
		}
		owner, name, _ := strings.Cut(src, "/")
		tree, err := r.trees.Load(owner, name, head.sha, func() (gh.Tree, error) { return client.ReadTree(ctx, owner, name, head.sha) })
		if err != nil {
			return x, fmt.Errorf("manifests in %s: %w", src, err)
		}
		snap := gh.NewTreeSnapshot(ctx, client, owner, name, tree, r.blobs)
		x.snaps = append(x.snaps, snap)
		x.repos[src] = checklist.ExternalRepo{Snapshot: snap}
	}
	return x, nil
}

// externalState is the default-branch commit of another repository, or why it cannot be read.
type externalState struct {
	sha, problem string
}

func (s externalState) key(src string) string {
	if s.problem != "" {
		return src + "!" + s.problem
	}
	return src + "@" + s.sha
}

// externalHead resolves the default branch of src ("owner/name") for a repository of owner. Only
// repositories of the same account can be in the same installation.
func externalHead(ctx context.Context, client gh.Client, owner, src string) (externalState, error) {
	o, n, _ := strings.Cut(src, "/")
	if !strings.EqualFold(o, owner) {
		return externalState{problem: fmt.Sprintf("%s belongs to another account than %s, so it is not in this installation", src, owner)}, nil
	}
	meta, err := client.Repository(ctx, o, n)
	switch {
	case errors.Is(err, gh.ErrNotFound):
		return externalState{problem: fmt.Sprintf("%s is not a repository of this installation (it does not exist, or the App is not installed on it)", src)}, nil
	case err != nil:
		return externalState{}, fmt.Errorf("manifests in %s: %w", src, err)
	case meta.DefaultBranch == "":
		return externalState{problem: fmt.Sprintf("%s has no default branch", src)}, nil
	}
	sha, err := client.ResolveRef(ctx, o, n, meta.DefaultBranch)
	switch {
	case errors.Is(err, gh.ErrNotFound):
		return externalState{problem: fmt.Sprintf("%s has no commit on its default branch %s", src, meta.DefaultBranch)}, nil
	case err != nil:
		return externalState{}, fmt.Errorf("manifests in %s: %w", src, err)
	}
	return externalState{sha: sha}, nil
}

// externalKey reads, for the evaluation key, the state of each source the repository's last
// evaluation recorded.
func externalKey(ctx context.Context, client gh.Client, owner string, sources []string) ([]string, error) {
	var key []string
	for _, src := range sources {
		head, err := externalHead(ctx, client, owner, src)
		if err != nil {
			return nil, err
		}
		key = append(key, head.key(src))
	}
	return key, nil
}
