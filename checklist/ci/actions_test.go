package ci

import (
	"slices"
	"testing"
)

func TestActionsTriggers(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		workflow string
		events   []string
		prLine   int // 0: no pull-request trigger
	}{
		"string":              {"on: push\njobs: {}\n", []string{"push"}, 0},
		"list":                {"on: [push, pull_request]\n", []string{"push", "pull_request"}, 1},
		"map":                 {"name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\n", []string{"push", "pull_request"}, 5},
		"pull_request_target": {"on:\n  pull_request_target:\n    types: [opened]\n", []string{"pull_request_target"}, 2},
		"quoted on":           {"\"on\": [pull_request]\n", []string{"pull_request"}, 1},
		"schedule only":       {"on:\n  schedule:\n    - cron: '0 0 * * *'\n  workflow_dispatch:\n", []string{"schedule", "workflow_dispatch"}, 0},
		"no triggers":         {"jobs: {}\n", nil, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(map[string]string{".github/workflows/ci.yml": tc.workflow})
			if len(m.Pipelines) != 1 {
				t.Fatalf("pipelines = %d, problems %v", len(m.Pipelines), problems(m))
			}
			pl := m.Pipelines[0]
			if !slices.Equal(pl.Events, tc.events) {
				t.Errorf("events = %q, want %q", pl.Events, tc.events)
			}
			switch {
			case tc.prLine == 0 && pl.PullRequest != nil:
				t.Errorf("unexpected pull-request trigger %+v", pl.PullRequest)
			case tc.prLine != 0 && (pl.PullRequest == nil || pl.PullRequest.Line != tc.prLine):
				t.Errorf("pull-request trigger = %+v, want line %d", pl.PullRequest, tc.prLine)
			}
		})
	}
}

func TestActionsPermissions(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		workflow string
		declared bool
	}{
		"top level":          {"on: push\npermissions:\n  contents: read\njobs:\n  a: {runs-on: x}\n", true},
		"empty top level":    {"on: push\npermissions: {}\njobs:\n  a: {runs-on: x}\n", true},
		"read-all":           {"on: push\npermissions: read-all\njobs:\n  a: {runs-on: x}\n", true},
		"every job":          {"on: push\njobs:\n  a:\n    permissions: {contents: read}\n  b:\n    permissions: read-all\n", true},
		"one job missing":    {"on: push\njobs:\n  a:\n    permissions: {contents: read}\n  b:\n    runs-on: x\n", false},
		"none":               {"on: push\njobs:\n  a:\n    runs-on: x\n", false},
		"no jobs":            {"on: push\n", false},
		"merged from anchor": {"on: push\nx: &perm\n  permissions: {contents: read}\njobs:\n  a:\n    <<: *perm\n    runs-on: x\n", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(map[string]string{".github/workflows/ci.yaml": tc.workflow})
			wfs := m.Workflows()
			if len(wfs) != 1 {
				t.Fatalf("workflows = %d, problems %v", len(wfs), problems(m))
			}
			if got := wfs[0].Workflow.DeclaresPermissions(); got != tc.declared {
				t.Errorf("DeclaresPermissions = %v, want %v", got, tc.declared)
			}
		})
	}
}

func TestActionsSteps(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		".github/workflows/ci.yml": `on: [pull_request]
defaults:
  run:
    working-directory: app
jobs:
  test:
    runs-on: ubuntu-latest
    container: golang:1.22
    services:
      db:
        image: postgres:16
    steps:
      - uses: actions/checkout@v4
      - run: |
          # comment lines are not commands
          go vet ./...

          go test \
            -race ./...
      - name: lint
        uses: golangci/golangci-lint-action@v6
      - run: make lint
        working-directory: tools
  call:
    uses: ./.github/workflows/reusable.yml
`,
		".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps:\n    - run: npm ci\n      shell: bash\n    - uses: actions/setup-node@v4\n",
		"ci/other.yml":                     "on: [pull_request]\njobs: {a: {steps: [{run: not-ci}]}}\n",
	})
	cmds := refs(m.Commands)
	assertContains(t, cmds, ".github/workflows/ci.yml:16 go vet ./...", ".github/workflows/ci.yml:18 go test -race ./...",
		".github/workflows/ci.yml:22 make lint", ".github/actions/setup/action.yml:4 npm ci")
	assertLacks(t, cmds, "ci/other.yml:1 not-ci")
	assertContains(t, refs(m.Uses), ".github/workflows/ci.yml:13 actions/checkout@v4", ".github/workflows/ci.yml:21 golangci/golangci-lint-action@v6",
		".github/workflows/ci.yml:8 golang:1.22", ".github/workflows/ci.yml:11 postgres:16",
		".github/workflows/ci.yml:25 ./.github/workflows/reusable.yml", ".github/actions/setup/action.yml:6 actions/setup-node@v4")
	dirs := map[string]string{}
	for _, c := range m.Commands {
		dirs[c.Text] = c.Dir
	}
	if dirs["go vet ./..."] != "app" || dirs["make lint"] != "app/tools" {
		t.Errorf("working directories = %v", dirs)
	}
	if !slices.Equal(m.Systems, []System{GitHubActions}) || len(m.Pipelines) != 1 {
		t.Errorf("systems %v, pipelines %d: composite actions and other folders are not workflows", m.Systems, len(m.Pipelines))
	}
}

func TestActionsStepShell(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{".github/workflows/ci.yml": `on: pull_request
defaults:
  run:
    shell: pwsh
jobs:
  win:
    steps:
      - run: Invoke-Pester; go test ./...
      - shell: python
        run: |
          import subprocess
          subprocess.run(["trivy", "image", "app"])
  linux:
    defaults:
      run:
        shell: bash -eo pipefail {0}
    steps:
      - run: for t in unit lint; do echo $t; done
`})
	var calls []string
	for _, c := range m.Commands {
		calls = append(calls, callTexts(c.Calls)...)
	}
	want := []string{"Invoke-Pester", "go test ./..."}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}
}
