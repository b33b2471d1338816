package reconcile

import (
	"context"
	"slices"
	"strings"
)

func (s *memStore) SetManifestSources(_ context.Context, repoID int64, sources []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["SetManifestSources"]; err != nil {
		return err
	}
	if s.sources == nil {
		s.sources = map[int64][]string{}
	}
	var norm []string
	for _, src := range sources {
		norm = append(norm, strings.ToLower(src))
	}
	slices.Sort(norm)
	s.sources[repoID] = slices.Compact(norm)
	return nil
}

func (s *memStore) ManifestSources(_ context.Context, repoID int64) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["ManifestSources"]; err != nil {
		return nil, err
	}
	return slices.Clone(s.sources[repoID]), nil
}
