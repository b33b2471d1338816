package gh

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/prchq/prc/checklist/repo"
)

// BlobCache keeps file contents by blob SHA across evaluations, bounded in bytes.
// Content-addressed entries never go stale, so the cache needs no invalidation.
type BlobCache struct {
	mu      sync.Mutex
	max     int
	size    int
	entries map[string][]byte
	order   []string
	reading map[string]*blobRead
}

// blobRead is a blob being read; done closes when b and err are set.
type blobRead struct {
	done chan struct{}
	b    []byte
	err  error
}

// NewBlobCache returns a cache holding at most maxBytes of content.
func NewBlobCache(maxBytes int) *BlobCache {
	return &BlobCache{max: maxBytes, entries: map[string][]byte{}, reading: map[string]*blobRead{}}
}

// Read returns blob sha of owner/name from the cache, or reads it through client.
func (c *BlobCache) Read(ctx context.Context, client Client, owner, name, sha string) ([]byte, error) {
	return c.load(sha, func() ([]byte, error) { return client.ReadBlob(ctx, owner, name, sha) })
}

// load returns blob sha from the cache, or reads it with read, once however many checks ask
// for it at the same time.
func (c *BlobCache) load(sha string, read func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if b, ok := c.entries[sha]; ok {
		c.mu.Unlock()
		return b, nil
	}
	if r, ok := c.reading[sha]; ok {
		c.mu.Unlock()
		<-r.done
		return r.b, r.err
	}
	r := &blobRead{done: make(chan struct{})}
	c.reading[sha] = r
	c.mu.Unlock()
	defer close(r.done)
	r.b, r.err = read()
	if r.err == nil && len(r.b) <= repo.MaxFileSize {
		c.put(sha, r.b)
	}
	c.mu.Lock()
	delete(c.reading, sha)
	c.mu.Unlock()
	return r.b, r.err
}

func (c *BlobCache) put(sha string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[sha]; ok || len(b) > c.max {
		return
	}
	for c.size+len(b) > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.entries[old])
		delete(c.entries, old)
	}
	c.entries[sha] = b
	c.order = append(c.order, sha)
	c.size += len(b)
}

// TreeSnapshot is a repo.Snapshot over a GitHub tree: it lists the tree's files and reads a blob
// only when a check asks for it. A GitHub failure while reading is kept in Err so the caller can
// retry the whole evaluation instead of reporting a half-read repository.
type TreeSnapshot struct {
	ctx    context.Context
	client Client
	owner  string
	name   string
	cache  *BlobCache
	files  []repo.File
	skip   []repo.Skipped

	mu  sync.Mutex
	err error
}

// NewTreeSnapshot builds the snapshot of tree. cache may be shared between snapshots.
func NewTreeSnapshot(ctx context.Context, client Client, owner, name string, tree Tree, cache *BlobCache) *TreeSnapshot {
	s := &TreeSnapshot{ctx: ctx, client: client, owner: owner, name: name, cache: cache}
	for _, e := range tree.Entries {
		p := repo.Clean(e.Path)
		switch {
		case p == "" || strings.HasPrefix(p, ".."):
			continue
		case e.Mode == ModeSymlink:
			s.skip = append(s.skip, repo.Skipped{Path: p, Reason: "symbolic link; not followed"})
			continue
		case e.Mode == ModeSubmodule:
			s.skip = append(s.skip, repo.Skipped{Path: p, Reason: "submodule; not read"})
			continue
		}
		s.files = append(s.files, repo.File{Path: p, Size: e.Size, Ref: e.SHA})
	}
	sort.Slice(s.files, func(i, j int) bool { return s.files[i].Path < s.files[j].Path })
	return s
}

// Files implements repo.Snapshot.
func (s *TreeSnapshot) Files() []repo.File { return s.files }

// Skipped implements repo.Snapshot: symbolic links and submodules are listed, never followed.
func (s *TreeSnapshot) Skipped() []repo.Skipped { return s.skip }

// ReadFile implements repo.Snapshot.
func (s *TreeSnapshot) ReadFile(p string) ([]byte, error) {
	f, ok := repo.Lookup(s.files, p)
	if !ok {
		return nil, fmt.Errorf("read %s: %w", p, repo.ErrNotFound)
	}
	if f.Size > repo.MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", p, repo.ErrTooLarge)
	}
	b, err := s.cache.load(f.Ref, func() ([]byte, error) { return s.client.ReadBlob(s.ctx, s.owner, s.name, f.Ref) })
	if err != nil {
		if !errors.Is(err, ErrNotFound) && !errors.Is(err, repo.ErrTooLarge) {
			s.mu.Lock()
			if s.err == nil {
				s.err = err
			}
			s.mu.Unlock()
		}
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	if len(b) > repo.MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", p, repo.ErrTooLarge)
	}
	return b, nil
}

// Err returns the first GitHub failure met while reading blobs, if any.
func (s *TreeSnapshot) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
