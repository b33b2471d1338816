package deps

import (
	"fmt"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

// BenchmarkParseLargeRepository reads the manifests of a 100,000-file repository.
func BenchmarkParseLargeRepository(b *testing.B) {
	files := map[string]string{}
	for i := 0; i < 100_000; i++ {
		files[fmt.Sprintf("src/pkg%03d/file%05d.go", i%500, i)] = "package p\n"
	}
	for i := 0; i < 50; i++ {
		files[fmt.Sprintf("services/s%02d/go.mod", i)] = "module m\nrequire go.opentelemetry.io/otel v1.0.0\n"
		files[fmt.Sprintf("web/w%02d/package.json", i)] = `{"dependencies": {"@sentry/node": "7"}}`
	}
	snap := repo.NewMemory(files)
	b.ResetTimer()
	for b.Loop() {
		if s := Parse(snap); len(s.Dependencies) != 100 {
			b.Fatalf("dependencies: %d", len(s.Dependencies))
		}
	}
}
