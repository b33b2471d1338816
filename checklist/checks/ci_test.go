package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

// compileCheckYAML compiles the `check:` mapping in src.
func compileCheckYAML(src string) (checks.Check, error) {
	n, err := yamlx.Parse("checklist.yaml", []byte(src))
	if err != nil {
		return nil, err
	}
	return checks.Compile("checklist.yaml", n)
}

func mustCompileCheck(t *testing.T, src string) checks.Check {
	t.Helper()
	c, err := compileCheckYAML(src)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	return c
}

func evaluateOnFiles(c checks.Check, files map[string]string) verdict.Outcome {
	return c.Evaluate(checks.NewEnv(context.Background(), repo.NewMemory(files), nil))
}

// evidenceText joins an outcome's evidence for substring assertions.
func evidenceText(o verdict.Outcome) string {
	parts := make([]string, len(o.Evidence))
	for i, e := range o.Evidence {
		parts[i] = e.String()
	}
	return strings.Join(parts, "\n")
}

func TestCompileCIErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ src, want string }{
		"no form":            {"ci: {}", "checklist.yaml:1:5: ci needs one of trigger, commands/uses or permissions"},
		"two forms":          {"ci:\n  trigger: pull_request\n  permissions: declared\n", "checklist.yaml:3:3: ci takes one form, found trigger and permissions"},
		"commands and perms": {"ci:\n  commands: [x]\n  message: m\n  uses: [y]\n  permissions: declared\n", "checklist.yaml:5:3: ci takes one form, found commands/uses and permissions"},
		"bad trigger":        {"ci: {trigger: push}", "checklist.yaml:1:15: trigger must be pull_request"},
		"bad permissions":    {"ci: {permissions: yes}", "checklist.yaml:1:19: permissions must be declared"},
		"bad regex":          {"ci:\n  commands:\n    - 'go test'\n    - '(unclosed'\n", "checklist.yaml:4:7: bad regular expression \"(unclosed\""},
		"bad uses regex":     {"ci:\n  uses: ['[z-a]']\n", "checklist.yaml:2:10: bad regular expression"},
		"empty commands":     {"ci:\n  commands: []\n", "checklist.yaml:2:13: commands needs at least one regular expression"},
		"unknown field":      {"ci:\n  trigger: pull_request\n  branch: main\n", "checklist.yaml:3:3: unknown field \"branch\""},
		"message misplaced":  {"ci:\n  trigger: pull_request\n  message: x\n", "checklist.yaml:3:12: message applies only to commands/uses"},
		"not a mapping":      {"ci: [trigger]", "checklist.yaml:1:"},
		"message alone":      {"ci: {message: tests}", "ci needs one of trigger, commands/uses or permissions"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := compileCheckYAML(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCITrigger(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "ci: {trigger: pull_request}")
	tests := map[string]struct {
		files    map[string]string
		status   verdict.Status
		evidence string
	}{
		"actions pull_request": {map[string]string{".github/workflows/a.yml": "on: push\n", ".github/workflows/b.yml": "on:\n  pull_request:\n"},
			verdict.Pass, ".github/workflows/b.yml:2 runs on pull requests: on pull_request (github-actions)"},
		"gitlab merge requests": {map[string]string{".gitlab-ci.yml": "t:\n  script: x\n  only: [merge_requests]\n"},
			verdict.Pass, ".gitlab-ci.yml:3 runs on pull requests: only: merge_requests (gitlab-ci)"},
		"azure presence": {map[string]string{"azure-pipelines.yml": "steps: [{script: echo}]\n"},
			verdict.Pass, "azure-pipelines.yml:1 runs on pull requests: builds pull requests by default (azure-pipelines)"},
		"push only": {map[string]string{".github/workflows/ci.yml": "on:\n  push:\n  workflow_dispatch:\n"},
			verdict.Fail, ".github/workflows/ci.yml:1 workflow runs only on push, workflow_dispatch, not on pull_request"},
		"gitlab branch pipelines": {map[string]string{".gitlab-ci.yml": "t:\n  script: x\n"},
			verdict.Fail, ".gitlab-ci.yml has no merge-request pipelines"},
		"no ci":                 {map[string]string{"main.go": "package main\n"}, verdict.Fail, "no CI configuration found"},
		"composite action only": {map[string]string{".github/actions/x/action.yml": "runs:\n  steps: [{run: go test}]\n"}, verdict.Fail, "no CI configuration found"},
		"malformed only": {map[string]string{".github/workflows/ci.yml": "on: [pull_request\n"},
			verdict.Error, ".github/workflows/ci.yml"},
		"malformed and push-only": {map[string]string{".github/workflows/a.yml": "on: push\n", ".github/workflows/b.yml": "on: [\n"},
			verdict.Error, ".github/workflows/a.yml:1 workflow runs only on push"},
		"malformed but another passes": {map[string]string{".github/workflows/a.yml": "on: pull_request_target\n", ".github/workflows/b.yml": "on: [\n"},
			verdict.Pass, "pull_request_target"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := evaluateOnFiles(check, tc.files)
			if out.Status != tc.status || !strings.Contains(evidenceText(out), tc.evidence) {
				t.Errorf("got %s %q, want %s with %q", out.Status, evidenceText(out), tc.status, tc.evidence)
			}
		})
	}
}

func TestCICommandsAndUses(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "ci:\n  message: tests\n  commands: ['\\bgo test\\b', '\\bpytest\\b']\n  uses: ['^acme/test-action@']\n")
	tests := map[string]struct {
		files    map[string]string
		status   verdict.Status
		evidence string
	}{
		"command": {map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          go vet ./...\n          go test ./...\n"},
			verdict.Pass, ".github/workflows/ci.yml:7 runs `go test ./...`"},
		"through make": {map[string]string{".gitlab-ci.yml": "t:\n  script: make check\n", "Makefile": "check:\n\tpytest -q\n"},
			verdict.Pass, "Makefile:2 runs `pytest -q` (via make check at .gitlab-ci.yml:2)"},
		"use, case-insensitively": {map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - uses: ACME/test-action@v1\n"},
			verdict.Pass, ".github/workflows/ci.yml:5 uses `ACME/test-action@v1`"},
		"commands are case-sensitive": {map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: Go Test\n"},
			verdict.Fail, "no CI step runs tests (looked at github-actions)"},
		"commented out": {map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          # go test ./...\n          go build\n"},
			verdict.Fail, "no CI step runs tests"},
		"no ci": {map[string]string{"Makefile": "test:\n\tgo test ./...\n"}, verdict.Fail, "no CI configuration found"},
		"installing is not running": {map[string]string{".gitlab-ci.yml": "t:\n  script:\n    - pip install pytest && curl -sSL https://x/pytest.sh | sh\n    - sudo apt-get install -y golang && echo go test\n"},
			verdict.Fail, "no CI step runs tests"},
		"install then run": {map[string]string{".gitlab-ci.yml": "t:\n  script:\n    - pip install pytest && CI=1 pytest -q\n"},
			verdict.Pass, ".gitlab-ci.yml:3 runs `pip install pytest && CI=1 pytest -q`"},
		"unreadable": {map[string]string{".github/workflows/a.yml": "on: push\njobs: {a: {steps: [{run: go build}]}}\n", ".gitlab-ci.yml": "t: [\n"}, verdict.Error, ".gitlab-ci.yml"},
		"match despite unreadable": {map[string]string{".github/workflows/a.yml": "on: push\njobs: {a: {steps: [{run: go test}]}}\n", ".gitlab-ci.yml": "t: [\n"},
			verdict.Pass, "runs `go test`"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := evaluateOnFiles(check, tc.files)
			if out.Status != tc.status || !strings.Contains(evidenceText(out), tc.evidence) {
				t.Errorf("got %s %q, want %s with %q", out.Status, evidenceText(out), tc.status, tc.evidence)
			}
		})
	}
}

func TestCIUsesOnly(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "ci:\n  uses: ['aquasecurity/trivy-action', 'Container-Scanning\\.gitlab-ci\\.yml']\n")
	tests := map[string]struct {
		files  map[string]string
		status verdict.Status
	}{
		"gitlab template": {map[string]string{".gitlab-ci.yml": "include:\n  - template: Security/Container-Scanning.gitlab-ci.yml\n"}, verdict.Pass},
		"docker action":   {map[string]string{".github/workflows/a.yml": "on: push\njobs:\n  a:\n    steps: [{uses: aquasecurity/trivy-action@master}]\n"}, verdict.Pass},
		"command only":    {map[string]string{".github/workflows/a.yml": "on: push\njobs:\n  a:\n    steps: [{run: aquasecurity/trivy-action}]\n"}, verdict.Fail},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if out := evaluateOnFiles(check, tc.files); out.Status != tc.status {
				t.Errorf("got %s %q, want %s", out.Status, evidenceText(out), tc.status)
			}
		})
	}
}

func TestCIPermissions(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "ci: {permissions: declared}")
	open := "on: push\njobs:\n  build: {runs-on: x}\n  test:\n    permissions: {}\n"
	tests := map[string]struct {
		files    map[string]string
		status   verdict.Status
		evidence string
	}{
		"all declared": {map[string]string{".github/workflows/a.yml": "on: push\npermissions: {}\n", ".github/workflows/b.yml": "on: push\njobs:\n  x: {permissions: read-all}\n"},
			verdict.Pass, ".github/workflows/a.yml declares permissions"},
		"one open": {map[string]string{".github/workflows/a.yml": "on: push\npermissions: {}\n", ".github/workflows/b.yml": open},
			verdict.Fail, ".github/workflows/b.yml:1 no top-level permissions:, and these jobs declare none: build"},
		"open beats unreadable": {map[string]string{".github/workflows/b.yml": open, ".github/workflows/c.yml": "on: [\n"},
			verdict.Fail, ".github/workflows/c.yml"},
		"unreadable only":     {map[string]string{".github/workflows/c.yml": "on: [\n"}, verdict.Error, ".github/workflows/c.yml"},
		"no workflows":        {map[string]string{".gitlab-ci.yml": "t:\n  script: x\n"}, verdict.NA, "no GitHub Actions workflows"},
		"gitlab problem only": {map[string]string{".gitlab-ci.yml": "t: [\n"}, verdict.NA, "no GitHub Actions workflows"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := evaluateOnFiles(check, tc.files)
			if out.Status != tc.status || !strings.Contains(evidenceText(out), tc.evidence) {
				t.Errorf("got %s %q, want %s with %q", out.Status, evidenceText(out), tc.status, tc.evidence)
			}
		})
	}
}

func TestCIModelIsMemoized(t *testing.T) {
	t.Parallel()
	env := checks.NewEnv(context.Background(), repo.NewMemory(map[string]string{".gitlab-ci.yml": "t:\n  script: x\n"}), nil)
	if a, b := env.CI(), env.CI(); a != b || len(a.Commands) != 1 {
		t.Errorf("CI() not shared: %p %p, commands %v", a, b, a.Commands)
	}
}

// runItemFixtures compiles the proposed checks in proposals (item id → check) and evaluates
// each on the fixture repositories under ../testdata/items/<id>/<status>[-variant]/.
func runItemFixtures(t *testing.T, proposals string) {
	t.Helper()
	data, err := os.ReadFile(proposals)
	if err != nil {
		t.Fatal(err)
	}
	root, err := yamlx.Parse(proposals, data)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		id := root.Content[i].Value
		check, err := checks.Compile(proposals, root.Content[i+1])
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			runFixtureDirs(t, id, check)
		})
	}
}

func runFixtureDirs(t *testing.T, id string, check checks.Check) {
	dirs, err := os.ReadDir(filepath.Join("..", "testdata", "items", id))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[verdict.Status]bool{}
	for _, d := range dirs {
		want := verdict.Status(strings.SplitN(d.Name(), "-", 2)[0])
		seen[want] = true
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel()
			snap, err := repo.OpenDir(filepath.Join("..", "testdata", "items", id, d.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out := check.Evaluate(checks.NewEnv(context.Background(), snap, nil))
			if out.Status != want {
				t.Errorf("status %s, want %s; evidence:\n%s", out.Status, want, evidenceText(out))
			}
		})
	}
	if !seen[verdict.Pass] || !seen[verdict.Fail] {
		t.Errorf("%s needs at least one pass and one fail fixture", id)
	}
}

func TestDefaultCIItems(t *testing.T) {
	t.Parallel()
	runItemFixtures(t, filepath.Join("testdata", "ci", "default-items.yaml"))
}

func TestCIInvokedNotNamed(t *testing.T) {
	t.Parallel()
	scan := mustCompileCheck(t, "ci:\n  message: an image scanner\n  commands: ['\\btrivy\\b']\n")
	tests := mustCompileCheck(t, "ci:\n  message: tests\n  commands: ['\\bmake\\s+(\\S+\\s+)*(test|tests|check)\\b', '\\bgo\\s+test\\b']\n")
	workflow := func(run string) map[string]string {
		return map[string]string{".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: |\n" + indent(run, "          ")}
	}
	cases := map[string]struct {
		check  checks.Check
		files  map[string]string
		status verdict.Status
	}{
		"loop names trivy": {scan, workflow("for name in core registry trivy; do\n  kubectl logs -l app=$name\ndone\n"), verdict.Fail},
		"trivy in docker":  {scan, workflow("docker run --rm aquasec/trivy:0.50.0 image app:dev\n"), verdict.Pass},
		"trivy in script":  {scan, mergeFiles(workflow("./ci/scan.sh app\n"), map[string]string{"ci/scan.sh": "#!/bin/sh\ntrivy image \"$1\"\n"}), verdict.Pass},
		"make check-clean": {tests, mergeFiles(workflow("make check-clean-work-tree\n"), map[string]string{"Makefile": "check-clean-work-tree:\n\tgit diff --exit-code\n"}), verdict.Fail},
		"make check":       {tests, workflow("make check\n"), verdict.Pass},
		"test in script":   {tests, mergeFiles(workflow("bash hack/ci.sh\n"), map[string]string{"hack/ci.sh": "set -e\nCGO_ENABLED=1 go test -race ./...\n"}), verdict.Pass},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if out := evaluateOnFiles(tc.check, tc.files); out.Status != tc.status {
				t.Errorf("got %s %q, want %s", out.Status, evidenceText(out), tc.status)
			}
		})
	}
}

func TestCIStrongestEvidenceFirst(t *testing.T) {
	t.Parallel()
	build := mustCompileCheck(t, "ci:\n  commands: ['\\bdocker\\s+(buildx\\s+)?build\\b']\n  uses: ['docker/build-push-action']\n")
	tests := mustCompileCheck(t, "ci:\n  commands: ['\\bgo\\s+test\\b']\n")
	bot := ".github/workflows/a-review.yml"
	cases := map[string]struct {
		check    checks.Check
		files    map[string]string
		evidence string
	}{
		"build-push-action before an export build": {build, map[string]string{
			".github/workflows/a.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: docker buildx build --output type=local,dest=out .\n",
			".github/workflows/b.yml": "on: push\njobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n"},
			".github/workflows/b.yml:5 uses `docker/build-push-action@v6`"},
		"image build before an export build": {build, map[string]string{
			".github/workflows/a.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: docker build -o out .\n      - run: docker build -t app .\n"},
			".github/workflows/a.yml:6 runs `docker build -t app .`"},
		"export build when it is all there is": {build, map[string]string{
			".github/workflows/a.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: docker build -o out .\n"},
			".github/workflows/a.yml:5 runs `docker build -o out .`"},
		"pull_request before a pull_request_target bot": {tests, map[string]string{
			bot:                        "on: pull_request_target\njobs:\n  a:\n    steps:\n      - run: go test ./bot\n",
			".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  a:\n    steps:\n      - run: go test ./...\n"},
			".github/workflows/ci.yml:5 runs `go test ./...`"},
		"the bot when it is all there is": {tests, map[string]string{
			bot: "on: pull_request_target\njobs:\n  a:\n    steps:\n      - run: go test ./bot\n"},
			bot + ":5 runs `go test ./bot`"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := evaluateOnFiles(tc.check, tc.files)
			if out.Status != verdict.Pass || len(out.Evidence) == 0 || out.Evidence[0].String() != tc.evidence {
				t.Errorf("got %s %q, want first evidence %q", out.Status, evidenceText(out), tc.evidence)
			}
		})
	}
}

func TestCITriggerPrefersPullRequest(t *testing.T) {
	t.Parallel()
	check := mustCompileCheck(t, "ci: {trigger: pull_request}")
	files := map[string]string{
		".github/workflows/a-review.yml": "on: pull_request_target\n",
		".github/workflows/ci.yml":       "on:\n  pull_request_target:\n  pull_request:\n",
	}
	out := evaluateOnFiles(check, files)
	if want := ".github/workflows/ci.yml:3 runs on pull requests: on pull_request (github-actions)"; evidenceText(out) != want {
		t.Errorf("got %q, want %q", evidenceText(out), want)
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return prefix + strings.Join(lines, "\n"+prefix) + "\n"
}

func mergeFiles(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
