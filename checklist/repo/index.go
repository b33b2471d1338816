package repo

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
)

// Index answers glob queries over a file list quickly. Globs use doublestar syntax and match
// case-insensitively, so "README*" finds Readme.md too. Results are cached per pattern.
type Index struct {
	files []File
	lower []string
	// sorted holds file indexes ordered by lower-cased path, for prefix searches.
	sorted []int
	byBase map[string][]int

	mu    sync.Mutex
	cache map[string][]int
}

// NewIndex builds an index over files, which must be sorted by path.
func NewIndex(files []File) *Index {
	ix := &Index{files: files, lower: make([]string, len(files)), byBase: map[string][]int{}, cache: map[string][]int{}}
	for i, f := range files {
		l := strings.ToLower(f.Path)
		ix.lower[i] = l
		base := path.Base(l)
		ix.byBase[base] = append(ix.byBase[base], i)
		ix.sorted = append(ix.sorted, i)
	}
	sort.Slice(ix.sorted, func(a, b int) bool { return ix.lower[ix.sorted[a]] < ix.lower[ix.sorted[b]] })
	return ix
}

// Glob returns the files matching any pattern, sorted by path. Invalid patterns match nothing.
func (ix *Index) Glob(patterns ...string) []File {
	seen := map[int]bool{}
	var hits []int
	for _, p := range patterns {
		for _, i := range ix.match(p) {
			if !seen[i] {
				seen[i] = true
				hits = append(hits, i)
			}
		}
	}
	sort.Ints(hits)
	out := make([]File, len(hits))
	for n, i := range hits {
		out[n] = ix.files[i]
	}
	return out
}

func (ix *Index) match(pattern string) []int {
	pattern = strings.ToLower(strings.TrimPrefix(pattern, "./"))
	ix.mu.Lock()
	hits, ok := ix.cache[pattern]
	ix.mu.Unlock()
	if ok {
		return hits
	}
	hits = ix.compute(pattern)
	ix.mu.Lock()
	ix.cache[pattern] = hits
	ix.mu.Unlock()
	return hits
}

func (ix *Index) compute(pattern string) []int {
	if rest, ok := strings.CutPrefix(pattern, "**/"); ok && !strings.Contains(rest, "/") {
		return ix.matchBase(rest)
	}
	prefix := literalDir(pattern)
	lo := sort.Search(len(ix.sorted), func(k int) bool { return ix.lower[ix.sorted[k]] >= prefix })
	var hits []int
	for k := lo; k < len(ix.sorted) && strings.HasPrefix(ix.lower[ix.sorted[k]], prefix); k++ {
		i := ix.sorted[k]
		if ok, _ := doublestar.Match(pattern, ix.lower[i]); ok {
			hits = append(hits, i)
		}
	}
	sort.Ints(hits)
	return hits
}

// matchBase handles "**/name" patterns, which match a base name at any depth.
func (ix *Index) matchBase(basePattern string) []int {
	if !strings.ContainsAny(basePattern, "*?[{\\") {
		return append([]int(nil), ix.byBase[basePattern]...)
	}
	var hits []int
	for base, idx := range ix.byBase {
		if ok, _ := doublestar.Match(basePattern, base); ok {
			hits = append(hits, idx...)
		}
	}
	sort.Ints(hits)
	return hits
}

// literalDir returns the directory part of pattern before its first glob metacharacter.
func literalDir(pattern string) string {
	i := strings.IndexAny(pattern, "*?[{\\")
	if i < 0 {
		return pattern
	}
	if j := strings.LastIndex(pattern[:i], "/"); j >= 0 {
		return pattern[:j+1]
	}
	return ""
}
