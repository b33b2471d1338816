package ci

import (
	"fmt"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

// BenchmarkParseLargeRepository parses the CI configuration of a 100,000-file repository.
func BenchmarkParseLargeRepository(b *testing.B) {
	files := map[string]string{
		".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  a:\n    steps:\n      - run: make test\n",
		".gitlab-ci.yml":           "include: 'ci/*.yml'\ntest:\n  script: npm test\n",
		"Makefile":                 "test:\n\tgo test ./...\n",
		"package.json":             `{"scripts": {"test": "jest"}}`,
	}
	for i := 0; i < 100_000; i++ {
		files[fmt.Sprintf("src/pkg%03d/file%05d.go", i%500, i)] = "package p\n"
	}
	snap := repo.NewMemory(files)
	b.ResetTimer()
	for b.Loop() {
		if m := Parse(snap); len(m.Commands) < 4 {
			b.Fatalf("commands: %v", refs(m.Commands))
		}
	}
}
