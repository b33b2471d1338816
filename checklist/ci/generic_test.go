package ci

import (
	"slices"
	"testing"
)

func TestOtherSystems(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files  map[string]string
		system System
		cmds   []string
		uses   []string
	}{
		"circleci": {
			files: map[string]string{".circleci/config.yml": `version: 2.1
orbs:
  snyk: snyk/snyk@2.0.0
jobs:
  test:
    docker:
      - image: cimg/go:1.22
    steps:
      - checkout
      - run: go test ./...
      - run:
          name: lint
          command: |
            golangci-lint run
`},
			system: CircleCI,
			cmds:   []string{".circleci/config.yml:10 go test ./...", ".circleci/config.yml:14 golangci-lint run"},
			uses:   []string{".circleci/config.yml:3 snyk/snyk@2.0.0", ".circleci/config.yml:7 cimg/go:1.22"},
		},
		"buildkite": {
			files: map[string]string{".buildkite/pipeline.yml": `steps:
  - label: test
    command: make test
  - label: many
    commands:
      - npm ci
      - npm test
    plugins:
      - docker#v5.11.0:
          image: node:20
`},
			system: Buildkite,
			cmds:   []string{".buildkite/pipeline.yml:3 make test", ".buildkite/pipeline.yml:6 npm ci", ".buildkite/pipeline.yml:7 npm test"},
			uses:   []string{".buildkite/pipeline.yml:9 docker#v5.11.0", ".buildkite/pipeline.yml:10 node:20"},
		},
		"azure": {
			files: map[string]string{"azure-pipelines.yml": `trigger: [main]
pool:
  vmImage: ubuntu-latest
steps:
  - script: dotnet test
  - bash: |
      echo one
      trivy image app
  - task: Docker@2
    inputs:
      command: build
`},
			system: Azure,
			cmds:   []string{"azure-pipelines.yml:5 dotnet test", "azure-pipelines.yml:8 trivy image app"},
			uses:   []string{"azure-pipelines.yml:9 Docker@2"},
		},
		"travis": {
			files:  map[string]string{".travis.yml": "language: python\ninstall: pip install -r requirements.txt\nscript:\n  - pytest\n"},
			system: Travis,
			cmds:   []string{".travis.yml:2 pip install -r requirements.txt", ".travis.yml:4 pytest"},
		},
		"drone multi-document": {
			files:  map[string]string{".drone.yml": "kind: pipeline\nsteps:\n  - name: a\n    image: golang\n    commands: [go build]\n---\nkind: pipeline\nsteps:\n  - name: b\n    commands: [go test ./...]\n"},
			system: Drone,
			cmds:   []string{".drone.yml:5 go build", ".drone.yml:10 go test ./..."},
			uses:   []string{".drone.yml:4 golang"},
		},
		"bitbucket": {
			files:  map[string]string{"bitbucket-pipelines.yml": "pipelines:\n  pull-requests:\n    '**':\n      - step:\n          script:\n            - mvn verify\n            - pipe: snyk/snyk-scan:1.0.0\n"},
			system: Bitbucket,
			cmds:   []string{"bitbucket-pipelines.yml:6 mvn verify"},
			uses:   []string{"bitbucket-pipelines.yml:7 snyk/snyk-scan:1.0.0"},
		},
		"jenkins": {
			files: map[string]string{"Jenkinsfile": `pipeline {
  agent { docker { image 'maven:3.9' } }
  stages {
    stage('Test') {
      steps {
        sh 'mvn -B verify'
        sh "echo \"quoted\""
        sh(script: 'gradle check', returnStatus: true)
        sh '''
          trivy fs .
          # a comment
        '''
        script { docker.build("app:${env.BUILD_ID}") }
        bat "dotnet test"
      }
    }
  }
}
`},
			system: Jenkins,
			cmds: []string{"Jenkinsfile:6 mvn -B verify", "Jenkinsfile:8 gradle check", "Jenkinsfile:10 trivy fs .",
				`Jenkinsfile:13 script { docker.build("app:${env.BUILD_ID}") }`, "Jenkinsfile:14 dotnet test"},
			uses: []string{"Jenkinsfile:2 maven:3.9"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseFiles(tc.files)
			if len(m.Problems) > 0 {
				t.Fatalf("problems: %v", problems(m))
			}
			if !slices.Equal(m.Systems, []System{tc.system}) {
				t.Errorf("systems = %v, want %v", m.Systems, tc.system)
			}
			if len(m.Pipelines) == 0 || m.Pipelines[0].PullRequest == nil {
				t.Errorf("%s should count as building pull requests: %+v", tc.system, m.Pipelines)
			}
			assertContains(t, refs(m.Commands), tc.cmds...)
			assertContains(t, refs(m.Uses), tc.uses...)
		})
	}
}

func TestJenkinsfileIgnoresCommentsAndVendoredCopies(t *testing.T) {
	t.Parallel()
	m := parseFiles(map[string]string{
		"vendor/x/Jenkinsfile":   "sh 'go test'\n",
		"ci/Jenkinsfile.release": "node {\n  sh '''\n    # only a comment\n  '''\n}\n",
		"ci/nightly.jenkinsfile": "node { sh 'unterminated\n}\n",
	})
	if len(m.Pipelines) != 2 {
		t.Errorf("pipelines = %+v, want the two outside vendor/", m.Pipelines)
	}
	assertLacks(t, refs(m.Commands), "vendor/x/Jenkinsfile:1 go test", "ci/Jenkinsfile.release:3 # only a comment")
	assertContains(t, refs(m.Commands), "ci/nightly.jenkinsfile:1 unterminated")
}
