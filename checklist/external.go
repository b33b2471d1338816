package checklist

import (
	"fmt"
	"path"
	"strings"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// ExternalRepo is another repository that services keep their manifests in (`manifests:
// {repo, path}`), as the caller could read it: its whole snapshot, so that a kustomization can
// reach bases outside the service's folder, or the reason it could not be read.
type ExternalRepo struct {
	// Snapshot is the repository's tree; nil when it could not be read.
	Snapshot repo.Snapshot
	// Problem says why it could not be read, such as "not a repository of this installation".
	Problem string
	// Label starts the evidence paths of its files, such as the checkout's directory as given
	// on the command line; empty means the repository's name.
	Label string
}

// serviceManifests is where one service's Kubernetes manifests are read from.
type serviceManifests struct {
	roots []string
	// snap, when set, holds the manifests in place of the service's repository, under
	// manifestsMount; label then replaces the mount in evidence paths.
	snap  repo.Snapshot
	label string
	// repo is the other repository the label names, when the label is its name.
	repo string
	// problem, when set, says the manifests could not be read at all.
	problem string
}

// manifestsOf finds where target t's manifests are: --manifests-dir first, then another
// repository named by the configuration, else the roots of the service's own repository.
func manifestsOf(t repoconfig.Target, opts Options) serviceManifests {
	switch {
	case opts.Manifests != nil:
		label := opts.ManifestsLabel
		if label == "" {
			label = manifestsMount
		}
		return serviceManifests{roots: []string{manifestsMount}, snap: repo.Prefix(opts.Manifests, manifestsMount), label: label}
	case t.External != nil:
		return externalManifests(*t.External, opts.External)
	}
	return serviceManifests{roots: t.Manifests}
}

func externalManifests(x repoconfig.External, repos map[string]ExternalRepo) serviceManifests {
	where := x.String()
	ext, ok := lookupExternal(repos, x.Repo)
	switch {
	case !ok:
		return serviceManifests{problem: fmt.Sprintf("the manifests in %s were not read: %s was not available to this evaluation", where, x.Repo)}
	case ext.Snapshot == nil:
		reason := ext.Problem
		if reason == "" {
			reason = "it could not be read"
		}
		return serviceManifests{problem: fmt.Sprintf("the manifests in %s could not be read: %s", where, reason)}
	case !hasFilesUnder(ext.Snapshot, x.Path):
		return serviceManifests{problem: fmt.Sprintf("the manifests in %s could not be read: %s has no files under %s", where, x.Repo, x.Path)}
	}
	m := serviceManifests{roots: []string{path.Join(manifestsMount, x.Path)}, snap: repo.Prefix(ext.Snapshot, manifestsMount), label: ext.Label}
	if m.label == "" {
		m.label, m.repo = x.Repo, x.Repo
	}
	return m
}

// lookupExternal finds repository name in repos, ignoring case as GitHub does.
func lookupExternal(repos map[string]ExternalRepo, name string) (ExternalRepo, bool) {
	if r, ok := repos[name]; ok {
		return r, true
	}
	for k, r := range repos {
		if strings.EqualFold(k, name) {
			return r, true
		}
	}
	return ExternalRepo{}, false
}

func hasFilesUnder(s repo.Snapshot, dir string) bool {
	if dir == "" || dir == "." {
		return len(s.Files()) > 0
	}
	for _, f := range s.Files() {
		if strings.HasPrefix(f.Path, dir+"/") || f.Path == dir {
			return true
		}
	}
	return false
}

// apply points env's Kubernetes loading at the manifests.
func (m serviceManifests) apply(env *checks.Env) {
	switch {
	case m.problem != "":
		env.WithUnreadableManifests(verdict.Evidence{Message: m.problem})
	case m.snap != nil:
		env.WithManifests(m.snap)
	}
}

// relabel rewrites the paths of evidence from the manifests' snapshot to start with its label,
// marked relative to the repository root so that no service path is put before them.
func (m serviceManifests) relabel(ev []verdict.Evidence) {
	if m.snap == nil {
		return
	}
	for i := range ev {
		if rest, ok := strings.CutPrefix(ev[i].Path+"/", manifestsMount+"/"); ok {
			ev[i].Path = "/" + path.Join(m.label, rest)
		}
	}
}
