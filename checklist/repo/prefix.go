package repo

import (
	"fmt"
	"strings"
)

// Prefix returns s with every path below dir, the inverse of Sub: a snapshot of another tree
// (a GitOps directory, say) placed where a loader expects it.
func Prefix(s Snapshot, dir string) Snapshot {
	dir = Clean(dir)
	if dir == "" || dir == "." {
		return s
	}
	p := &prefixSnapshot{inner: s, prefix: dir + "/"}
	for _, f := range s.Files() {
		f.Path = p.prefix + f.Path
		p.files = append(p.files, f)
	}
	for _, sk := range s.Skipped() {
		sk.Path = p.prefix + sk.Path
		p.skipped = append(p.skipped, sk)
	}
	return p
}

type prefixSnapshot struct {
	inner   Snapshot
	prefix  string
	files   []File
	skipped []Skipped
}

func (p *prefixSnapshot) Files() []File      { return p.files }
func (p *prefixSnapshot) Skipped() []Skipped { return p.skipped }
func (p *prefixSnapshot) ReadFile(name string) ([]byte, error) {
	rest, ok := strings.CutPrefix(name, p.prefix)
	if !ok {
		return nil, fmt.Errorf("read %s: %w", name, ErrNotFound)
	}
	return p.inner.ReadFile(rest)
}
