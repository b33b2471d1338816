package checks_test

import (
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/verdict"
)

// TestDefaultChecklistRecognition runs the built-in checklist's CI items on one-step workflows:
// each tool counts when it is run, and not when it is only installed, named or asked its version.
func TestDefaultChecklistRecognition(t *testing.T) {
	t.Parallel()
	items := map[string]checks.Check{}
	for _, it := range checklist.Default().Items() {
		items[it.ID] = it.Check
	}
	tests := []struct {
		item, run string
		want      verdict.Status
	}{
		{"cicd.lint", "helm lint charts/app --strict", verdict.Pass},
		{"cicd.lint", "kubeconform -strict -summary deploy/", verdict.Pass},
		{"cicd.lint", "kubeval deploy/*.yaml", verdict.Pass},
		{"cicd.lint", "yamllint -s .", verdict.Pass},
		{"cicd.lint", "git ls-files '*.sh' | xargs shellcheck", verdict.Pass},
		{"cicd.lint", "./mvnw -B checkstyle:check", verdict.Pass},
		{"cicd.lint", "mvn -B spotbugs:check", verdict.Pass},
		{"cicd.lint", "./gradlew detekt", verdict.Pass},
		{"cicd.lint", "./gradlew ktlintCheck", verdict.Pass},
		{"cicd.lint", "ktlint 'src/**/*.kt'", verdict.Pass},
		{"cicd.lint", "npx markdownlint-cli2 '**/*.md'", verdict.Pass},
		{"cicd.lint", "markdownlint docs/", verdict.Pass},
		{"cicd.lint", "cargo clippy -- -D warnings", verdict.Pass},
		{"cicd.lint", "pip install yamllint && yamllint --version", verdict.Fail},
		{"cicd.lint", "helm template charts/app > out.yaml", verdict.Fail},
		{"cicd.lint", "echo run shellcheck locally", verdict.Fail},
		{"cicd.tests", "skaffold test --build-artifacts=tags.json", verdict.Pass},
		{"cicd.tests", "make check-clean-work-tree", verdict.Fail},
		{"cicd.tests", "uv run pytest -q", verdict.Pass},
		{"cicd.tests", "docker run --rm -v $PWD:/src -w /src golang:1.23 go test ./...", verdict.Pass},
		{"cicd.image-scan", "for name in core registry trivy; do kubectl logs -l app=$name; done", verdict.Fail},
		{"cicd.image-scan", "docker run --rm aquasec/trivy:0.57.0 image app:dev", verdict.Pass},
		{"cicd.image-scan", "trivy --version", verdict.Fail},
		{"cicd.image-build", "/kaniko/executor --dockerfile Dockerfile --destination $IMAGE", verdict.Pass},
		{"cicd.image-build", "docker buildx build --push -t ghcr.io/x/app .", verdict.Pass},
		{"cicd.image-build", "./mvnw -B compile jib:build", verdict.Pass},
		{"cicd.image-build", "docker images && docker inspect app", verdict.Fail},
	}
	for _, tc := range tests {
		t.Run(tc.item+": "+tc.run, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"Dockerfile": "FROM scratch\n",
				".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: " + quoteYAML(tc.run) + "\n"}
			if out := evaluateOnFiles(items[tc.item], files); out.Status != tc.want {
				t.Errorf("got %s %q, want %s", out.Status, evidenceText(out), tc.want)
			}
		})
	}
}

func quoteYAML(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}
