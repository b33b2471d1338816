package ci

import (
	"strings"
	"testing"
)

const makefileFixture = `GO ?= go
GOTEST := $(GO) test
LINTER = golangci-lint
LINTER += run
export CGO_ENABLED=0

.PHONY: all test lint check unit
all: build

build:
	$(GO) build ./...

test: unit
	@echo done

unit:
	$(GOTEST) -race \
	  ./...

lint: ; $(LINTER)

check: test lint
	-$(MAKE) -C web check

%.o: %.c
	cc -c $<

define HELP
	not a recipe
endef

cycle: cycle
	echo cycle
`

func TestMakeIndirection(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		run  string
		want []string
		not  []string
	}{
		"target with prerequisite": {run: "make test", want: []string{"Makefile:17 go test -race ./...", "Makefile:14 echo done"}},
		"inline recipe":            {run: "make lint", want: []string{"Makefile:20 golangci-lint run"}},
		"default goal":             {run: "make", want: []string{"Makefile:11 go build ./..."}},
		"flags and variables":      {run: "make -j 4 -k GOFLAGS=-v lint", want: []string{"Makefile:20 golangci-lint run"}},
		"recursive make":           {run: "make check", want: []string{"Makefile:23 make -C web check", "web/Makefile:2 npm test", "Makefile:20 golangci-lint run"}},
		"after cd":                 {run: "cd web && make check", want: []string{"web/Makefile:2 npm test"}, not: []string{"Makefile:20 golangci-lint run"}},
		"make -C":                  {run: "make -C web", want: []string{"web/Makefile:2 npm test"}},
		"make -f":                  {run: "make -f build.mk release", want: []string{"build.mk:2 goreleaser release"}},
		"cycle":                    {run: "make cycle", want: []string{"Makefile:33 echo cycle"}},
		"unknown target":           {run: "make nope", not: []string{"Makefile:11 go build ./..."}},
		"not make":                 {run: "echo make test", not: []string{"Makefile:17 go test -race ./..."}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(map[string]string{
				".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: " + tc.run + "\n",
				"Makefile":                 makefileFixture,
				"web/Makefile":             "check:\n\tnpm test\n",
				"build.mk":                 "release:\n\tgoreleaser release\n",
			})
			cmds := refs(m.Commands)
			assertContains(t, cmds, tc.want...)
			assertLacks(t, cmds, tc.not...)
			assertLacks(t, cmds, "Makefile:29 not a recipe", "Makefile:26 cc -c $<")
		})
	}
}

func TestMakeVia(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		".gitlab-ci.yml": "test:\n  script:\n    - make test\n",
		"Makefile":       makefileFixture,
	})
	for _, c := range m.Commands {
		if c.Text == "go test -race ./..." {
			if c.Via != "make test at .gitlab-ci.yml:3" || c.System != GitLab {
				t.Errorf("via = %q, system %s", c.Via, c.System)
			}
			return
		}
	}
	t.Errorf("go test not reached: %q", refs(m.Commands))
}

func TestPackageScripts(t *testing.T) {
	t.Parallel()
	pkg := `{
  "name": "web",
  "scripts": {
    "pretest": "eslint .",
    "test": "vitest run",
    "lint": "npm run lint:css && tsc --noEmit",
    "lint:css": "stylelint '**/*.css'",
    "loop": "npm run loop",
    "ci": "make check"
  }
}`
	tests := map[string]struct {
		run  string
		want []string
	}{
		"npm test with pre": {run: "npm test", want: []string{"package.json:4 eslint .", "package.json:5 vitest run"}},
		"npm run nested":    {run: "npm run lint", want: []string{"package.json:6 npm run lint:css && tsc --noEmit", "package.json:7 stylelint '**/*.css'"}},
		"yarn shorthand":    {run: "yarn lint", want: []string{"package.json:6 npm run lint:css && tsc --noEmit"}},
		"pnpm run":          {run: "pnpm run --silent test", want: []string{"package.json:5 vitest run"}},
		"npm t":             {run: "npm t", want: []string{"package.json:5 vitest run"}},
		"cycle":             {run: "npm run loop", want: []string{"package.json:8 npm run loop"}},
		"script calls make": {run: "npm run ci", want: []string{"package.json:9 make check", "Makefile:2 cargo test"}},
		"prefix":            {run: "npm --prefix web test", want: []string{"web/package.json:1 jest"}},
		"working directory": {run: "cd web; yarn test", want: []string{"web/package.json:1 jest"}},
		"no such script":    {run: "yarn install"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(map[string]string{
				".circleci/config.yml": "jobs:\n  a:\n    steps:\n      - run: " + tc.run + "\n",
				"package.json":         pkg,
				"web/package.json":     `{"scripts": {"test": "jest"}}`,
				"Makefile":             "check:\n\tcargo test\n",
			})
			cmds := refs(m.Commands)
			assertContains(t, cmds, tc.want...)
			if tc.want == nil && len(cmds) != 1 {
				t.Errorf("commands = %q, want only the CI line", cmds)
			}
		})
	}
}

func TestScriptLines(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{".github/workflows/a.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: \"echo a\\necho b\"\n      - run: >\n          folded\n          line\n      - run: |\n          trailing \\\n"})
	got := strings.Join(refs(m.Commands), "|")
	want := ".github/workflows/a.yml:5 echo a|.github/workflows/a.yml:5 echo b|.github/workflows/a.yml:7 folded line|.github/workflows/a.yml:10 trailing"
	if got != want {
		t.Errorf("commands\n got %s\nwant %s", got, want)
	}
}
