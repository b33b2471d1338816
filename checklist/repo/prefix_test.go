package repo

import (
	"errors"
	"testing"
)

func TestPrefix(t *testing.T) {
	t.Parallel()
	inner := NewMemory(map[string]string{"deploy.yaml": "kind: Deployment", "base/kustomization.yaml": "resources: []"})
	s := Prefix(inner, "@manifests")
	var paths []string
	for _, f := range s.Files() {
		paths = append(paths, f.Path)
	}
	if len(paths) != 2 || paths[0] != "@manifests/base/kustomization.yaml" || paths[1] != "@manifests/deploy.yaml" {
		t.Errorf("paths = %v", paths)
	}
	tests := map[string]struct {
		path, want string
		err        error
	}{
		"prefixed":       {"@manifests/deploy.yaml", "kind: Deployment", nil},
		"nested":         {"@manifests/base/kustomization.yaml", "resources: []", nil},
		"unprefixed":     {"deploy.yaml", "", ErrNotFound},
		"prefix missing": {"@manifests/nope.yaml", "", ErrNotFound},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := s.ReadFile(tt.path)
			if string(got) != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ReadFile(%s) = %q, %v; want %q, %v", tt.path, got, err, tt.want, tt.err)
			}
		})
	}
	if Prefix(inner, ".") != Snapshot(inner) {
		t.Error(`Prefix(s, ".") should be s`)
	}
}
