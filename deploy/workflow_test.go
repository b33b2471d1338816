package deploy_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			ID   string            `yaml:"id"`
			If   string            `yaml:"if"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var sarifRun = regexp.MustCompile(`\bprc check\b.*--format sarif\b.*>\s*(\S+)`)

// TestUsersWorkflow: the workflow deploy/ gives users runs `prc check` on pull requests, writes
// SARIF to the file it uploads with upload-sarif, asks for exactly the permission that upload
// needs, and the README documents it.
func TestUsersWorkflow(t *testing.T) {
	const file = "github-actions/prc.yml"
	wfs := decodeFile[workflow](t, file)
	if len(wfs) != 1 {
		t.Fatalf("%s: %d documents", file, len(wfs))
	}
	wf := wfs[0]
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull_request")
	}
	if len(wf.Permissions) != 1 || wf.Permissions["contents"] != "read" {
		t.Errorf("top-level permissions %v, want contents: read only", wf.Permissions)
	}
	sarif, uploaded := "", false
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if m := sarifRun.FindStringSubmatch(s.Run); m != nil {
				sarif = m[1]
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
				uploaded = sarif != "" && s.With["sarif_file"] == sarif
				if job.Permissions["security-events"] != "write" {
					t.Errorf("job %s uploads SARIF without security-events: write", name)
				}
			}
		}
	}
	if !uploaded {
		t.Errorf("no upload-sarif step uploads the file `prc check --format sarif` writes (%q)", sarif)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(deploy/"+file+")") {
		t.Errorf("README.md does not link deploy/%s", file)
	}
}
