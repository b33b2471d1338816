package checks

import (
	"context"
	"sync"

	"github.com/prchq/prc/checklist/repo"
)

// Env is what checks evaluate against: one service's part of a repository, plus memoised analyses
// of it. It is safe for concurrent use by many checks.
type Env struct {
	ctx           context.Context
	repo          repo.Snapshot
	manifestRoots []string
	index         *repo.Index

	mu   sync.Mutex
	memo map[string]*memoEntry
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
	}
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

// ReadFile reads a file of the snapshot, memoised so that many checks can read the same file.
func (e *Env) ReadFile(path string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	r := e.Memo("file:"+path, func() any {
		data, err := e.repo.ReadFile(path)
		return result{data, err}
	}).(result)
	return r.data, r.err
}
