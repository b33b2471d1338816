package repo

import "strings"

// Sub returns the part of s below dir, with paths relative to dir. An empty dir or "." is s itself.
func Sub(s Snapshot, dir string) Snapshot {
	dir = Clean(dir)
	if dir == "" || dir == "." {
		return s
	}
	prefix := dir + "/"
	sub := &subSnapshot{parent: s, prefix: prefix}
	for _, f := range s.Files() {
		if strings.HasPrefix(f.Path, prefix) {
			f.Path = f.Path[len(prefix):]
			sub.files = append(sub.files, f)
		}
	}
	for _, sk := range s.Skipped() {
		if strings.HasPrefix(sk.Path, prefix) {
			sk.Path = sk.Path[len(prefix):]
			sub.skipped = append(sub.skipped, sk)
		}
	}
	return sub
}

type subSnapshot struct {
	parent  Snapshot
	prefix  string
	files   []File
	skipped []Skipped
}

func (s *subSnapshot) Files() []File      { return s.files }
func (s *subSnapshot) Skipped() []Skipped { return s.skipped }
func (s *subSnapshot) ReadFile(p string) ([]byte, error) {
	return s.parent.ReadFile(s.prefix + p)
}
