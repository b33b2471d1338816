package ci

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFollowRepositoryScripts(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"scripts/test.sh":  "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\ngo test -race ./...\n",
		"hack/ci.sh":       "source hack/lib.sh\nmake verify\n",
		"hack/lib.sh":      "export GOFLAGS=-mod=vendor\ntrivy fs .\n",
		"hack/gen.py":      "#!/usr/bin/env python3\nprint('go test')\n",
		"tools/lint":       "#!/bin/sh\nshellcheck hack/*.sh\n",
		"Makefile":         "verify:\n\t./tools/lint\n",
		"web/run-tests.sh": "npx jest\n",
		"loop/a.sh":        "./loop/b.sh\n",
		"loop/b.sh":        "./loop/a.sh\ngo vet ./...\n",
		"skaffold.yaml":    "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: app\n      custom:\n        buildCommand: ./build.sh\ntest:\n  - image: app\n    custom:\n      - command: go test ./...\nprofiles:\n  - name: e2e\n    test:\n      - image: app\n        custom:\n          - command: ./e2e/run.sh\n",
		"build.sh":         "ko build ./cmd/app\n",
		"e2e/run.sh":       "ginkgo ./e2e\n",
	}
	tests := map[string]struct {
		run  string
		want []string
		not  []string
	}{
		"dot slash script":       {run: "./scripts/test.sh", want: []string{"scripts/test.sh:4 go test -race ./..."}},
		"bash script and source": {run: "bash hack/ci.sh", want: []string{"hack/lib.sh:2 trivy fs .", "hack/ci.sh:2 make verify", "tools/lint:2 shellcheck hack/*.sh"}},
		"python is not shell":    {run: "./hack/gen.py", not: []string{"hack/gen.py:2 print('go test')"}},
		"script in directory":    {run: "cd web && ./run-tests.sh", want: []string{"web/run-tests.sh:1 npx jest"}},
		"loop between scripts":   {run: "./loop/a.sh", want: []string{"loop/b.sh:2 go vet ./..."}},
		"skaffold test":          {run: "skaffold test", want: []string{"skaffold.yaml:11 go test ./..."}, not: []string{"skaffold.yaml:17 ./e2e/run.sh"}},
		"skaffold profile":       {run: "skaffold test -p e2e", want: []string{"skaffold.yaml:17 ./e2e/run.sh", "e2e/run.sh:1 ginkgo ./e2e"}},
		"skaffold build":         {run: "skaffold build --default-repo=x", want: []string{"skaffold.yaml:7 ./build.sh", "build.sh:1 ko build ./cmd/app"}, not: []string{"skaffold.yaml:11 go test ./..."}},
		"named, not run":         {run: "echo ./scripts/test.sh", not: []string{"scripts/test.sh:4 go test -race ./..."}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fs := map[string]string{".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: " + tc.run + "\n"}
			for k, v := range files {
				fs[k] = v
			}
			cmds := refs(parseFiles(fs).Commands)
			assertContains(t, cmds, tc.want...)
			assertLacks(t, cmds, tc.not...)
		})
	}
}

func TestFollowedVia(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		".gitlab-ci.yml": "test:\n  script:\n    - make ci\n",
		"Makefile":       "ci:\n\tbash scripts/ci.sh\n",
		"scripts/ci.sh":  "pytest -q\n",
	})
	for _, c := range m.Commands {
		if c.Text == "pytest -q" {
			if c.Via != "scripts/ci.sh, make ci at .gitlab-ci.yml:3" || c.Origin != ".gitlab-ci.yml" {
				t.Errorf("via %q origin %q", c.Via, c.Origin)
			}
			return
		}
	}
	t.Errorf("pytest not reached: %q", refs(m.Commands))
}

func TestFollowingIsBounded(t *testing.T) {
	t.Parallel()
	var mk strings.Builder
	for i := range 2000 {
		mk.WriteString("t" + strconv.Itoa(i) + ": t" + strconv.Itoa(i+1) + "\n\t./s.sh\n\t$(MAKE) t" + strconv.Itoa((i+7)%2000) + "\n")
	}
	files := map[string]string{
		".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: make t0 && ./s.sh\n",
		"Makefile":                 mk.String(),
		"s.sh":                     strings.Repeat("make t1; ./s.sh; sh -c './s.sh'\n", 20_000),
		"package.json":             `{"scripts": {"test": "npm test && make t0"}}`,
	}
	start := time.Now()
	m := parseFiles(files)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if len(m.Commands) > maxCommands {
		t.Errorf("%d commands", len(m.Commands))
	}
}

func TestScriptListsShareAShell(t *testing.T) {
	t.Parallel()
	pkg := map[string]string{"web/package.json": `{"scripts": {"test": "vitest run"}}`, "package.json": `{"scripts": {"test": "echo root"}}`}
	tests := map[string]struct {
		files map[string]string
		want  []string
		not   []string
	}{
		"gitlab before_script and script": {
			files: map[string]string{".gitlab-ci.yml": "t:\n  before_script: [cd web]\n  script:\n    - npm ci\n    - npm test\n  after_script: [npm test]\n"},
			want:  []string{"web/package.json:1 vitest run", "package.json:1 echo root"},
		},
		"drone commands": {
			files: map[string]string{".drone.yml": "steps:\n  - name: t\n    commands:\n      - cd web\n      - npm test\n"},
			want:  []string{"web/package.json:1 vitest run"},
			not:   []string{"package.json:1 echo root"},
		},
		"actions steps do not": {
			files: map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: cd web\n      - run: npm test\n"},
			want:  []string{"package.json:1 echo root"},
			not:   []string{"web/package.json:1 vitest run"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmds := refs(parseFiles(mergeMaps(tc.files, pkg)).Commands)
			assertContains(t, cmds, tc.want...)
			assertLacks(t, cmds, tc.not...)
		})
	}
}

func mergeMaps(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range []map[string]string{a, b} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
