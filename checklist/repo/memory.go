package repo

import (
	"fmt"
	"sort"
)

// Memory is a Snapshot held in memory, for tests and for content already fetched.
type Memory struct {
	files   []File
	content map[string][]byte
	skipped []Skipped
}

// NewMemory builds a snapshot from path → content.
func NewMemory(content map[string]string) *Memory {
	m := &Memory{content: make(map[string][]byte, len(content))}
	for p, c := range content {
		p = Clean(p)
		m.content[p] = []byte(c)
		m.files = append(m.files, File{Path: p, Size: int64(len(c))})
	}
	sort.Slice(m.files, func(i, j int) bool { return m.files[i].Path < m.files[j].Path })
	return m
}

// Files implements Snapshot.
func (m *Memory) Files() []File { return m.files }

// Skipped implements Snapshot.
func (m *Memory) Skipped() []Skipped { return m.skipped }

// ReadFile implements Snapshot.
func (m *Memory) ReadFile(p string) ([]byte, error) {
	c, ok := m.content[p]
	if !ok {
		return nil, fmt.Errorf("read %s: %w", p, ErrNotFound)
	}
	if len(c) > MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", p, ErrTooLarge)
	}
	return c, nil
}
