package ci

import (
	"strconv"
	"testing"
)

func TestCloudBuildAndTekton(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files  map[string]string
		system System
		cmds   []string
		uses   []string
		pr     string
	}{
		"cloud build": {
			files: map[string]string{"cloudbuild.yaml": `steps:
  - name: golang:1.22
    entrypoint: go
    args: [test, ./...]
  - name: gcr.io/cloud-builders/docker
    args: ['build', '-t', 'gcr.io/$PROJECT_ID/app:$SHORT_SHA', '.']
  - name: bash
    script: |
      ./scripts/lint.sh
  - name: gcr.io/cloud-builders/gcloud
    entrypoint: bash
    args: ['-c', 'trivy image app']
images: ['gcr.io/$PROJECT_ID/app:$SHORT_SHA']
`, "scripts/lint.sh": "golangci-lint run\n"},
			system: CloudBuild,
			cmds: []string{"cloudbuild.yaml:2 go test ./...", "cloudbuild.yaml:5 gcr.io/cloud-builders/docker build -t gcr.io/$PROJECT_ID/app:$SHORT_SHA .",
				"cloudbuild.yaml:9 ./scripts/lint.sh", "scripts/lint.sh:1 golangci-lint run", "cloudbuild.yaml:10 bash -c trivy image app"},
			uses: []string{"cloudbuild.yaml:2 golang:1.22", "cloudbuild.yaml:13 gcr.io/$PROJECT_ID/app:$SHORT_SHA"},
		},
		"terraform trigger": {
			files: map[string]string{
				"infra/triggers.tf": "resource \"google_cloudbuild_trigger\" \"pr\" {\n  github {\n    owner = \"o\"\n    pull_request {\n      branch = \"^main$\"\n    }\n  }\n  filename = \"build/ci.yaml\"\n}\n",
				"build/ci.yaml":     "steps:\n  - name: gcr.io/cloud-builders/npm\n    args: [test]\n",
			},
			system: CloudBuild,
			cmds:   []string{"build/ci.yaml:2 gcr.io/cloud-builders/npm test"},
			pr:     "infra/triggers.tf:4",
		},
		"gcloud builds submit": {
			files: map[string]string{
				".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    steps:\n      - run: gcloud builds submit --config=ci/build.yaml .\n",
				"ci/build.yaml":            "steps:\n  - name: gcr.io/cloud-builders/go\n    args: [test, ./...]\n",
			},
			system: CloudBuild,
			cmds:   []string{"ci/build.yaml:2 gcr.io/cloud-builders/go test ./..."},
		},
		"tekton": {
			files: map[string]string{".tekton/pr.yaml": `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  pipelineSpec:
    tasks:
      - name: test
        taskSpec:
          steps:
            - name: unit
              image: golang:1.22
              workingDir: $(workspaces.source.path)
              script: |
                go test ./...
            - name: lint
              image: golangci/golangci-lint:v1.59
              command: [golangci-lint]
              args: [run]
            - name: py
              image: python:3
              script: |
                #!/usr/bin/env python3
                print("trivy")
---
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: scan}
spec:
  steps:
    - name: scan
      image: aquasec/trivy
      args: [image, app]
`},
			system: Tekton,
			cmds:   []string{".tekton/pr.yaml:17 go test ./...", ".tekton/pr.yaml:19 golangci-lint run", ".tekton/pr.yaml:34 aquasec/trivy image app"},
			uses:   []string{".tekton/pr.yaml:14 golang:1.22"},
			pr:     ".tekton/pr.yaml:6",
		},
		"bitbucket": {
			files:  map[string]string{"bitbucket-pipelines.yml": "pipelines:\n  pull-requests:\n    '**':\n      - step:\n          image: node:20\n          script:\n            - npm ci\n            - npm test\n"},
			system: Bitbucket,
			cmds:   []string{"bitbucket-pipelines.yml:8 npm test"},
			uses:   []string{"bitbucket-pipelines.yml:5 node:20"},
			pr:     "bitbucket-pipelines.yml:1",
		},
		"travis": {
			files:  map[string]string{".travis.yml": "language: python\ninstall: pip install -r requirements.txt\nscript:\n  - python -m pytest\n"},
			system: Travis,
			cmds:   []string{".travis.yml:4 python -m pytest"},
			pr:     ".travis.yml:1",
		},
		"drone": {
			files:  map[string]string{".drone.yml": "kind: pipeline\nsteps:\n  - name: test\n    image: golang\n    commands:\n      - go test ./...\n"},
			system: Drone,
			cmds:   []string{".drone.yml:6 go test ./..."},
			uses:   []string{".drone.yml:4 golang"},
			pr:     ".drone.yml:1",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(tc.files)
			if !m.Has(tc.system) {
				t.Fatalf("systems %v, problems %v", m.Systems, problems(m))
			}
			assertContains(t, refs(m.Commands), tc.cmds...)
			assertContains(t, refs(m.Uses), tc.uses...)
			var pr string
			for _, pl := range m.Pipelines {
				if pl.PullRequest != nil && pl.System == tc.system {
					pr = pl.PullRequest.Path + ":" + strconv.Itoa(pl.PullRequest.Line)
				}
			}
			if pr != tc.pr {
				t.Errorf("pull-request trigger at %q, want %q", pr, tc.pr)
			}
		})
	}
}
