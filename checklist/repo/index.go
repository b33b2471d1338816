package repo

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
)

// Index answers glob queries over a file list quickly. Globs use doublestar syntax and match
// case-insensitively, so "README*" finds Readme.md too. Files under vendor/, node_modules/,
// testdata/ and third_party/ are someone else's code or test fixtures: a pattern matches them
// only when it names that folder. Results are cached per pattern.
type Index struct {
	files []File
	lower []string
	// depth counts the slashes of each path, to skip paths a pattern without ** cannot match.
	depth []int
	// foreign marks files under a foreign folder.
	foreign []bool
	// sorted holds file indexes ordered by lower-cased path, for prefix searches.
	sorted []int
	byBase map[string][]int
	// bases lists the distinct lower-cased base names, for wildcard base-name patterns.
	bases []string

	mu    sync.Mutex
	cache map[string][]int
}

// NewIndex builds an index over files, which must be sorted by path.
func NewIndex(files []File) *Index {
	ix := &Index{files: files, lower: make([]string, len(files)), byBase: map[string][]int{}, cache: map[string][]int{}}
	for i, f := range files {
		l := strings.ToLower(f.Path)
		ix.lower[i] = l
		ix.depth = append(ix.depth, strings.Count(l, "/"))
		ix.foreign = append(ix.foreign, underForeign(l))
		base := path.Base(l)
		if _, seen := ix.byBase[base]; !seen {
			ix.bases = append(ix.bases, base)
		}
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
	hits := ix.computeAll(pattern)
	if namesForeign(pattern) {
		return hits
	}
	kept := hits[:0:0]
	for _, i := range hits {
		if !ix.foreign[i] {
			kept = append(kept, i)
		}
	}
	return kept
}

// foreignDirs are folders of vendored code and test fixtures.
var foreignDirs = []string{"vendor", "node_modules", "testdata", "third_party"}

// underForeign reports whether a lower-cased path lies under a foreign folder.
func underForeign(p string) bool {
	for _, d := range foreignDirs {
		if strings.HasPrefix(p, d+"/") || strings.Contains(p, "/"+d+"/") {
			return true
		}
	}
	return false
}

// namesForeign reports whether a pattern asks for a foreign folder by name.
func namesForeign(pattern string) bool {
	for _, d := range foreignDirs {
		if strings.Contains(pattern, d) {
			return true
		}
	}
	return false
}

func (ix *Index) computeAll(pattern string) []int {
	if rest, ok := strings.CutPrefix(pattern, "**/"); ok && !strings.Contains(rest, "/") {
		return ix.matchBase(rest)
	}
	prefix, suffix, depth := literalDir(pattern), literalSuffix(pattern), fixedDepth(pattern)
	lo := sort.Search(len(ix.sorted), func(k int) bool { return ix.lower[ix.sorted[k]] >= prefix })
	var hits []int
	for k := lo; k < len(ix.sorted) && strings.HasPrefix(ix.lower[ix.sorted[k]], prefix); k++ {
		i := ix.sorted[k]
		if (depth >= 0 && ix.depth[i] != depth) || !strings.HasSuffix(ix.lower[i], suffix) {
			continue
		}
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
	head, tail := literalHead(basePattern), literalSuffix(basePattern)
	var hits []int
	for _, base := range ix.bases {
		if !strings.HasPrefix(base, head) || !strings.HasSuffix(base, tail) {
			continue
		}
		if ok, _ := doublestar.Match(basePattern, base); ok {
			hits = append(hits, ix.byBase[base]...)
		}
	}
	sort.Ints(hits)
	return hits
}

// fixedDepth returns how many slashes every match of pattern has, or -1 when it varies (a "**",
// or alternatives that contain a slash).
func fixedDepth(pattern string) int {
	if strings.Contains(pattern, "**") {
		return -1
	}
	for rest := pattern; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || strings.Contains(rest[open:open+end], "/") {
			return -1
		}
		rest = rest[open+end:]
	}
	return strings.Count(pattern, "/")
}

// literalHead returns the text of pattern before its first glob metacharacter.
func literalHead(pattern string) string {
	if i := strings.IndexAny(pattern, "*?[{\\"); i >= 0 {
		return pattern[:i]
	}
	return pattern
}

// literalSuffix returns the text of pattern after its last glob metacharacter: every match ends
// with it, so it filters candidates before the full match.
func literalSuffix(pattern string) string {
	i := strings.LastIndexAny(pattern, "*?]}\\")
	if i < 0 {
		return pattern
	}
	return pattern[i+1:]
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
