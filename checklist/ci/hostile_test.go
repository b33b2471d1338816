package ci

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

// aliasBomb builds a "billion laughs" document whose values are referenced under key.
func aliasBomb(levels int, prefix, tail string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString("x0: &x0 [\"go test\", \"go test\", \"go test\", \"go test\", \"go test\", \"go test\", \"go test\", \"go test\", \"go test\"]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [*x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString(strings.ReplaceAll(tail, "LAST", fmt.Sprintf("x%d", levels)))
	return b.String()
}

func hostileInputs() map[string]struct {
	files   map[string]string
	problem string
} {
	return map[string]struct {
		files   map[string]string
		problem string
	}{
		"malformed workflow": {
			files:   map[string]string{".github/workflows/ci.yml": "on: [push\njobs:\n  a: {\n"},
			problem: ".github/workflows/ci.yml:",
		},
		"workflow is a list": {
			files:   map[string]string{".github/workflows/ci.yml": "- on: push\n"},
			problem: ".github/workflows/ci.yml:1 expected a YAML mapping",
		},
		"malformed gitlab": {
			files:   map[string]string{".gitlab-ci.yml": "test:\n  script: [\n"},
			problem: ".gitlab-ci.yml:",
		},
		"malformed local include": {
			files:   map[string]string{".gitlab-ci.yml": "include: a.yml\n", "a.yml": "a: b: c\n"},
			problem: "a.yml malformed YAML",
		},
		"oversized workflow": {
			files:   map[string]string{".github/workflows/big.yml": "on: push\n#" + strings.Repeat("x", repo.MaxFileSize)},
			problem: ".github/workflows/big.yml skipped: larger than 1 MiB",
		},
		"gitlab alias bomb in script": {
			files:   map[string]string{".gitlab-ci.yml": aliasBomb(9, "", "test:\n  script: *LAST\n")},
			problem: ".gitlab-ci.yml YAML aliases expand too far",
		},
		"actions alias bomb in jobs": {
			files:   map[string]string{".github/workflows/ci.yml": aliasBomb(9, "", "on: *LAST\njobs:\n  a:\n    steps: [{run: go, x: *LAST}]\n    services: *LAST\n")},
			problem: ".github/workflows/ci.yml YAML aliases expand too far",
		},
		"circleci alias bomb": {
			files:   map[string]string{".circleci/config.yml": aliasBomb(9, "", "jobs:\n  a:\n    steps: *LAST\n")},
			problem: ".circleci/config.yml YAML aliases expand too far",
		},
		"extends cycle": {
			files: map[string]string{".gitlab-ci.yml": "a:\n  extends: b\n  script: x\nb:\n  extends: a\n  script: y\n"},
		},
		"reference cycle": {
			files: map[string]string{".gitlab-ci.yml": ".a:\n  script: [!reference [.a, script]]\nb:\n  script: [!reference [.a, script]]\n"},
		},
		"include cycle": {
			files: map[string]string{".gitlab-ci.yml": "include: a.yml\n", "a.yml": "include: .gitlab-ci.yml\nt:\n  script: x\n"},
		},
		"merge key cycle": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a: &a\n    <<: *a\n"},
		},
		"huge script": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: |\n" + strings.Repeat("          go test ./... && (cd x; make t) | tee log\n", 20_000)},
		},
		"deeply nested substitutions": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: echo " + strings.Repeat("$(", 20_000) + strings.Repeat(")", 20_000) + "\n"},
		},
		"unterminated quotes and expressions": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          go test '${{ matrix.x \n          \"$(\n          <<EOF\n"},
		},
		"script and make call each other": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: make a\n",
				"Makefile": "a:\n\t./x.sh\nb:\n\tmake a\n", "x.sh": "make b\nbash x.sh\nnpm test\n", "package.json": `{"scripts": {"test": "./x.sh && make a"}}`},
		},
		"deep nesting": {
			files: map[string]string{".circleci/config.yml": strings.Repeat("[", 5000) + strings.Repeat("]", 5000)},
		},
	}
}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	for name, tc := range hostileInputs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(tc.files)
			got := strings.Join(problems(m), "\n")
			switch {
			case tc.problem == "" && got != "":
				t.Errorf("unexpected problems: %s", got)
			case tc.problem != "" && !strings.Contains(got, tc.problem):
				t.Errorf("problems %q do not mention %q", got, tc.problem)
			}
		})
	}
}

// maxHostileAlloc bounds the memory parsing one hostile input may allocate: an expansion or a
// loop would allocate without end, bounded work stays far below it on any machine.
const maxHostileAlloc = 256 << 20

// TestHostileInputIsBounded measures the work of each hostile input by the memory it allocates,
// which, unlike time, does not depend on how loaded the machine is. It does not run in parallel,
// so that no other test's allocations are counted.
func TestHostileInputIsBounded(t *testing.T) {
	for name, tc := range hostileInputs() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		parseFiles(tc.files)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxHostileAlloc {
			t.Errorf("%s: parsing allocated %d MiB", name, n>>20)
		} else {
			t.Logf("%s: %d KiB", name, n>>10)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("on: [pull_request]\njobs:\n  a:\n    steps:\n      - run: make test\n", "test:\n  script: npm test\n  rules: [{if: $CI_MERGE_REQUEST_IID}]\n", "test:\n\tgo test ./...\n")
	f.Add(aliasBomb(4, "on: push\n", "jobs: *LAST\n"), ".x: &x {script: [a]}\ny:\n  <<: *x\n  extends: [.x, y]\n", "a: b\n\t$(A)$(A)\nA = $(A)\n")
	f.Fuzz(func(t *testing.T, workflow, gitlab, makefile string) {
		m := parseFiles(map[string]string{
			".github/workflows/ci.yml": workflow,
			".gitlab-ci.yml":           gitlab,
			".buildkite/pipeline.yml":  gitlab,
			"Jenkinsfile":              workflow,
			"Makefile":                 makefile,
			"package.json":             `{"scripts": {"test": "make test && ./x.sh"}}`,
			"x.sh":                     makefile,
			"cloudbuild.yaml":          gitlab,
			".tekton/run.yaml":         gitlab,
			"infra/ci.tf":              workflow,
			"skaffold.yaml":            gitlab,
		})
		for _, c := range m.Commands {
			if c.Line < 1 {
				t.Errorf("command without a line: %+v", c)
			}
		}
	})
}
