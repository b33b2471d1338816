package ci

import "testing"

func TestGitLabJobs(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		".gitlab-ci.yml": `stages: [test, build]
include:
  - local: ci/lint.yml
  - template: Jobs/Container-Scanning.gitlab-ci.yml
  - project: group/templates
    file: [/docker.yml]
  - remote: https://example.com/ci.yml
default:
  image: golang:1.22
  before_script:
    - go mod download
.base:
  script:
    - echo hidden
  services:
    - name: postgres:16
unit:
  extends: .base
  stage: test
  script:
    - |
      go test \
        ./...
    - - nested list item
  after_script: [!reference [.cleanup, script]]
.cleanup:
  script: echo cleanup
build:
  image:
    name: gcr.io/kaniko-project/executor:debug
  script: /kaniko/executor --context .
no_defaults:
  inherit:
    default: false
  script: make check
variables:
  GOFLAGS: -mod=mod
`,
		"ci/lint.yml": "lint:\n  image: golangci/golangci-lint:v1.59\n  script:\n    - golangci-lint run\n",
	})
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %v", problems(m))
	}
	cmds := refs(m.Commands)
	assertContains(t, cmds, ".gitlab-ci.yml:22 go test ./...", ".gitlab-ci.yml:24 nested list item",
		".gitlab-ci.yml:11 go mod download", ".gitlab-ci.yml:27 echo cleanup", ".gitlab-ci.yml:31 /kaniko/executor --context .",
		".gitlab-ci.yml:35 make check", "ci/lint.yml:4 golangci-lint run")
	assertLacks(t, cmds, ".gitlab-ci.yml:14 echo hidden")
	uses := refs(m.Uses)
	assertContains(t, uses, ".gitlab-ci.yml:9 golang:1.22", ".gitlab-ci.yml:16 postgres:16",
		".gitlab-ci.yml:30 gcr.io/kaniko-project/executor:debug", "ci/lint.yml:2 golangci/golangci-lint:v1.59",
		".gitlab-ci.yml:4 Jobs/Container-Scanning.gitlab-ci.yml", ".gitlab-ci.yml:5 group/templates",
		".gitlab-ci.yml:6 /docker.yml", ".gitlab-ci.yml:7 https://example.com/ci.yml")
	noDefaults := 0
	for _, c := range m.Commands {
		if c.Text == "go mod download" {
			noDefaults++
		}
	}
	if noDefaults != 1 {
		t.Errorf("default before_script recorded %d times, want once (deduplicated)", noDefaults)
	}
}

func TestGitLabMergeRequests(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		config string
		line   int // 0: no merge-request pipelines
	}{
		"workflow rules":  {"workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\ntest:\n  script: go test\n", 3},
		"job rules":       {"test:\n  script: go test\n  rules:\n    - if: '$CI_COMMIT_TAG'\n    - if: $CI_MERGE_REQUEST_IID\n", 5},
		"only list":       {"test:\n  script: go test\n  only: [merge_requests]\n", 3},
		"only refs":       {"test:\n  script: go test\n  only:\n    refs:\n      - main\n      - merge_requests\n", 6},
		"from extends":    {".mr:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == 'merge_request_event'\ntest:\n  extends: .mr\n  script: go test\n", 3},
		"mr template":     {"include:\n  - template: Workflows/MergeRequest-Pipelines.gitlab-ci.yml\ntest:\n  script: go test\n", 2},
		"when never":      {"workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      when: never\n    - when: always\ntest:\n  script: go test\n", 0},
		"negated":         {"test:\n  script: go test\n  rules:\n    - if: $CI_PIPELINE_SOURCE != \"merge_request_event\"\n", 0},
		"except only":     {"test:\n  script: go test\n  except: [merge_requests]\n", 0},
		"branches only":   {"test:\n  script: go test\n", 0},
		"hidden job only": {".unused:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\ntest:\n  script: go test\n", 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(map[string]string{".gitlab-ci.yml": tc.config})
			if len(m.Pipelines) != 1 || m.Pipelines[0].System != GitLab {
				t.Fatalf("pipelines %+v, problems %v", m.Pipelines, problems(m))
			}
			pr := m.Pipelines[0].PullRequest
			switch {
			case tc.line == 0 && pr != nil:
				t.Errorf("unexpected merge-request trigger %+v", pr)
			case tc.line != 0 && (pr == nil || pr.Line != tc.line):
				t.Errorf("merge-request trigger = %+v, want line %d", pr, tc.line)
			}
		})
	}
}

func TestGitLabIncludes(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		".gitlab-ci.yml":  "include: /ci/*.yml\n",
		"ci/a.yml":        "include:\n  - local: ci/nested/b.yml\n  - local: ci/a.yml\na:\n  script: echo a\n",
		"ci/b.yml":        "b:\n  script: echo b\n",
		"ci/nested/b.yml": "nested:\n  script: echo nested\n  rules: [{if: '$CI_PIPELINE_SOURCE == \"merge_request_event\"'}]\n",
	})
	assertContains(t, refs(m.Commands), "ci/a.yml:5 echo a", "ci/b.yml:2 echo b", "ci/nested/b.yml:2 echo nested")
	if pr := m.Pipelines[0].PullRequest; pr == nil || pr.Path != "ci/nested/b.yml" {
		t.Errorf("merge-request trigger = %+v, want from the nested include", pr)
	}
}

func TestMergeRequestCondition(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		`$CI_PIPELINE_SOURCE == "merge_request_event"`:                            true,
		`$CI_PIPELINE_SOURCE =~ /^(merge_request_event|push)$/`:                   true,
		`$CI_MERGE_REQUEST_IID`:                                                   true,
		`$CI_COMMIT_BRANCH && $CI_PIPELINE_SOURCE == "merge_request_event"`:       true,
		`$CI_PIPELINE_SOURCE != "merge_request_event"`:                            false,
		`$CI_MERGE_REQUEST_IID == null`:                                           false,
		`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`:                                 false,
		`$CI_PIPELINE_SOURCE == "push" || $CI_PIPELINE_SOURCE !~ /merge_request/`: false,
	}
	for expr, want := range tests {
		t.Run(expr, func(t *testing.T) {
			t.Parallel()
			if got := mergeRequestCondition(expr); got != want {
				t.Errorf("mergeRequestCondition(%q) = %v, want %v", expr, got, want)
			}
		})
	}
}

func TestGitLabInheritDefaultFalse(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{".gitlab-ci.yml": "default:\n  image: node:20\n  before_script: [npm ci]\nlint:\n  inherit:\n    default: false\n  script: make lint\n"})
	assertLacks(t, refs(m.Commands), ".gitlab-ci.yml:3 npm ci")
	assertLacks(t, refs(m.Uses), ".gitlab-ci.yml:2 node:20")
	assertContains(t, refs(m.Commands), ".gitlab-ci.yml:7 make lint")
}
