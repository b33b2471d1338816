package checks

import (
	"context"
	"sync"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Env is what checks evaluate against: one service's part of a repository, plus memoised analyses
// of it. It is safe for concurrent use by many checks.
type Env struct {
	ctx           context.Context
	repo          repo.Snapshot
	manifestRoots []string
	index         *repo.Index
	// whole is the repository when the Env covers one service of a monorepo, else nil.
	whole repo.Snapshot
	// manifests, when set, is where Kube reads the service's manifests instead of repo.
	manifests repo.Snapshot
	// unreadable, when set, says why the service's manifests could not be read at all.
	unreadable *verdict.Evidence

	mu        sync.Mutex
	memo      map[string]*memoEntry
	files     map[string]cachedFile
	fileBytes int
}

type memoEntry struct {
	once  sync.Once
	value any
}

// NewEnv returns an Env over snap. manifestRoots, when set, are the only folders searched for
// Kubernetes manifests, charts and kustomizations.
func NewEnv(ctx context.Context, snap repo.Snapshot, manifestRoots []string) *Env {
	return &Env{
		ctx:           ctx,
		repo:          snap,
		manifestRoots: manifestRoots,
		index:         repo.NewIndex(snap.Files()),
		memo:          map[string]*memoEntry{},
		files:         map[string]cachedFile{},
	}
}

// WithRepository tells the Env that it covers one service of a monorepo whose whole tree is
// whole. Checks of repository-wide files, such as CI configuration, read whole; their evidence
// paths start with "/" to say they are relative to the repository root, not the service.
func (e *Env) WithRepository(whole repo.Snapshot) *Env {
	e.whole = whole
	return e
}

// WithManifests makes Kube read the service's Kubernetes manifests from s, below the manifest
// roots, instead of from the service's snapshot: manifests kept in another tree (GitOps).
func (e *Env) WithManifests(s repo.Snapshot) *Env {
	e.manifests = s
	return e
}

// WithUnreadableManifests says the service's manifests could not be read at all (another
// repository that is out of reach): Kube then holds no objects and this one problem, so every
// check that reads Kubernetes objects errors instead of passing or finding nothing.
func (e *Env) WithUnreadableManifests(problem verdict.Evidence) *Env {
	e.unreadable = &problem
	return e
}

// repositoryView is the snapshot of the whole repository, read through the Env's cache.
func (e *Env) repositoryView() repo.Snapshot {
	if e.whole == nil {
		return envSnapshot{e}
	}
	return wholeSnapshot{e}
}

// wholeSnapshot reads the whole repository of a monorepo service, caching reads in the Env.
type wholeSnapshot struct{ env *Env }

func (s wholeSnapshot) Files() []repo.File      { return s.env.whole.Files() }
func (s wholeSnapshot) Skipped() []repo.Skipped { return s.env.whole.Skipped() }
func (s wholeSnapshot) ReadFile(p string) ([]byte, error) {
	return s.env.cachedRead("/"+p, func() ([]byte, error) { return s.env.whole.ReadFile(p) })
}

// Scope says which files a files or content check looks at in a monorepo service: its own
// ("service", the default) or the whole repository's ("repository"), for files such as
// CODEOWNERS or Dependabot's configuration that live at the root.
type Scope string

// The scopes.
const (
	ScopeService    Scope = ""
	ScopeRepository Scope = "repository"
)

// fileView is the file view of a scope: how to glob and how to read.
type fileView struct {
	glob     func(patterns ...string) []repo.File
	read     func(path string) ([]byte, error)
	whole    bool                    // the whole repository of a monorepo service
	rendered map[string]renderedFile // chart templates, read as rendered
}

func (e *Env) filesIn(scope Scope) fileView {
	if scope != ScopeRepository || e.whole == nil {
		return fileView{glob: e.Glob, read: e.ReadFile}
	}
	ix := e.Memo("whole:index", func() any { return repo.NewIndex(e.whole.Files()) }).(*repo.Index)
	return fileView{glob: ix.Glob, read: wholeSnapshot{e}.ReadFile, whole: true}
}

// withRendered makes the view read the given chart templates as their rendered text.
func (v fileView) withRendered(rendered map[string]renderedFile) fileView {
	read := v.read
	v.rendered = rendered
	v.read = func(p string) ([]byte, error) {
		if r, ok := rendered[p]; ok {
			return r.data, nil
		}
		return read(p)
	}
	return v
}

// parseScope validates a scope field.
func parseScope(file string, n *yaml.Node, s string) (Scope, error) {
	switch s {
	case "", "service":
		return ScopeService, nil
	case "repository":
		return ScopeRepository, nil
	}
	return "", yamlx.At(file, yamlx.Get(n, "scope"), "", "scope must be service or repository, got %q", s)
}

// scoped wraps a check whose scope is the repository so its evidence keeps root paths.
func scoped(c Check, scope Scope) Check {
	if scope == ScopeRepository {
		return repositoryScoped{c}
	}
	return c
}

// repositoryScoped marks the evidence of a check over repositoryView as relative to the
// repository root when the Env covers one service of a monorepo.
type repositoryScoped struct{ check Check }

func (c repositoryScoped) Evaluate(env *Env) verdict.Outcome {
	out := c.check.Evaluate(env)
	if env.whole == nil {
		return out
	}
	ev := make([]verdict.Evidence, len(out.Evidence))
	for i, e := range out.Evidence {
		if e.Path != "" {
			e.Path = "/" + e.Path
		}
		ev[i] = e
	}
	out.Evidence = ev
	return out
}

// Context returns the context the evaluation runs under.
func (e *Env) Context() context.Context { return e.ctx }

// Repo returns the snapshot under evaluation.
func (e *Env) Repo() repo.Snapshot { return e.repo }

// ManifestRoots returns the configured manifest roots; empty means the whole repository.
func (e *Env) ManifestRoots() []string { return e.manifestRoots }

// Glob returns the files matching any of the doublestar patterns, sorted by path.
func (e *Env) Glob(patterns ...string) []repo.File { return e.index.Glob(patterns...) }

// Memo computes a value once per key for this Env and returns it to every caller.
func (e *Env) Memo(key string, compute func() any) any {
	e.mu.Lock()
	m, ok := e.memo[key]
	if !ok {
		m = &memoEntry{}
		e.memo[key] = m
	}
	e.mu.Unlock()
	m.once.Do(func() { m.value = compute() })
	return m.value
}

// fileCacheBytes bounds the file contents an Env keeps for checks that read the same files.
const fileCacheBytes = 128 << 20

// ReadFile reads a file of the snapshot. Contents are kept while the cache has room, so that
// the many checks reading the same manifests read them once; past that, files are read anew.
func (e *Env) ReadFile(path string) ([]byte, error) {
	return e.cachedRead(path, func() ([]byte, error) { return e.repo.ReadFile(path) })
}

// cachedRead returns the cached result for key, or reads and caches it while the cache has room.
// Keys of the whole repository's files start with "/", service paths never do.
func (e *Env) cachedRead(key string, read func() ([]byte, error)) ([]byte, error) {
	e.mu.Lock()
	c, ok := e.files[key]
	e.mu.Unlock()
	if ok {
		return c.data, c.err
	}
	data, err := read()
	e.mu.Lock()
	if e.fileBytes+len(data) <= fileCacheBytes {
		e.files[key] = cachedFile{data, err}
		e.fileBytes += len(data)
	}
	e.mu.Unlock()
	return data, err
}

type cachedFile struct {
	data []byte
	err  error
}
