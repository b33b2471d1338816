package ghclient

import (
	"strings"
	"sync"
	"time"
)

// negativeCache remembers files found absent in a few repositories, so that asking again
// within ttl sends nothing. A nil or disabled cache remembers nothing.
type negativeCache struct {
	ttl   time.Duration
	repos map[string]bool // lower-case repository names
	now   func() time.Time

	mu      sync.Mutex
	expires map[string]time.Time // by negKey
}

func newNegativeCache(ttl time.Duration, repos []string, now func() time.Time) *negativeCache {
	if ttl <= 0 || len(repos) == 0 {
		return nil
	}
	c := &negativeCache{ttl: ttl, repos: map[string]bool{}, now: now, expires: map[string]time.Time{}}
	for _, r := range repos {
		c.repos[strings.ToLower(r)] = true
	}
	return c
}

func negKey(owner, repo, ref, path string) string {
	return strings.ToLower(owner+"/"+repo) + "\x00" + ref + "\x00" + path
}

// absent reports whether the file was found absent less than ttl ago.
func (c *negativeCache) absent(owner, repo, ref, path string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := negKey(owner, repo, ref, path)
	exp, ok := c.expires[k]
	if ok && !c.now().Before(exp) {
		delete(c.expires, k)
		return false
	}
	return ok
}

// remember notes the file as absent, if its repository is one the cache is for.
func (c *negativeCache) remember(owner, repo, ref, path string) {
	if c == nil || !c.repos[strings.ToLower(repo)] {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expires[negKey(owner, repo, ref, path)] = c.now().Add(c.ttl)
}

// forget drops what is remembered of one repository.
func (c *negativeCache) forget(owner, repo string) {
	if c == nil {
		return
	}
	prefix := strings.ToLower(owner+"/"+repo) + "\x00"
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.expires {
		if strings.HasPrefix(k, prefix) {
			delete(c.expires, k)
		}
	}
}
