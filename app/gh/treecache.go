package gh

import "sync"

// TreeCache keeps file lists by repository and commit SHA, bounded in entries. A commit's tree
// never changes, so an unchanged branch costs no second read of its tree.
type TreeCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]Tree
	order   []string
}

// NewTreeCache returns a cache holding at most maxTrees trees.
func NewTreeCache(maxTrees int) *TreeCache {
	return &TreeCache{max: maxTrees, entries: map[string]Tree{}}
}

// Load returns the tree of owner/name at commitSHA from the cache, or reads it with read and
// keeps it. A truncated tree is not kept.
func (c *TreeCache) Load(owner, name, commitSHA string, read func() (Tree, error)) (Tree, error) {
	key := owner + "/" + name + "@" + commitSHA
	c.mu.Lock()
	t, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := read()
	if err != nil || t.Truncated {
		return t, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok && c.max > 0 {
		if len(c.order) >= c.max {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
		c.entries[key] = t
		c.order = append(c.order, key)
	}
	return t, nil
}
