package ghclient

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prchq/prc/app/gh"
)

// recentTTL is how long a created issue is remembered: longer than GitHub's lists take to
// show a new issue.
const recentTTL = time.Minute

// recentIssues remembers the issues this client opened a moment ago, by repository, because
// GitHub's issue lists can miss a just-created issue for a few seconds, and a look that
// misses it would open a duplicate.
type recentIssues struct {
	now func() time.Time

	mu     sync.Mutex
	byRepo map[string][]recentIssue
}

type recentIssue struct {
	number int
	at     time.Time
}

func repoKey(owner, name string) string { return strings.ToLower(owner + "/" + name) }

func (r *recentIssues) add(owner, name string, number int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byRepo == nil {
		r.byRepo = map[string][]recentIssue{}
	}
	k := repoKey(owner, name)
	r.byRepo[k] = append(r.live(k), recentIssue{number: number, at: r.now()})
}

// numbers lists the repository's issues opened less than recentTTL ago.
func (r *recentIssues) numbers(owner, name string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, i := range r.live(repoKey(owner, name)) {
		out = append(out, i.number)
	}
	return out
}

// live drops expired entries of one repository; the caller holds mu.
func (r *recentIssues) live(k string) []recentIssue {
	kept := slices.DeleteFunc(r.byRepo[k], func(i recentIssue) bool { return r.now().Sub(i.at) >= recentTTL })
	if len(kept) == 0 {
		delete(r.byRepo, k)
		return nil
	}
	r.byRepo[k] = kept
	return kept
}

// withRecent adds to a list of issues carrying label those this client opened a moment ago
// that the list does not show yet, read one by one, which GitHub answers consistently.
func (c *client) withRecent(ctx context.Context, owner, name, label string, list []gh.Issue) ([]gh.Issue, error) {
	for _, n := range c.recent.numbers(owner, name) {
		if slices.ContainsFunc(list, func(i gh.Issue) bool { return i.Number == n }) {
			continue
		}
		i, err := c.Issue(ctx, owner, name, n)
		switch {
		case errors.Is(err, gh.ErrNotFound):
			continue
		case err != nil:
			return nil, err
		}
		if i.HasLabel(label) {
			list = append(list, i)
		}
	}
	return list, nil
}
