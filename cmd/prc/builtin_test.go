package main

import (
	"encoding/json"
	"testing"
)

// TestCheckBuiltinVersions: --checklist builtin:vN evaluates that version of the built-in
// checklist.
func TestCheckBuiltinVersions(t *testing.T) {
	for ref, want := range map[string]string{"builtin:v1": "1", "builtin:v2": "2", "builtin:v3": "3", "": "3"} {
		t.Run(ref, func(t *testing.T) {
			args := []string{"check", "--format", "json"}
			if ref != "" {
				args = append(args, "--checklist", ref)
			}
			_, stdout, stderr := runCLI(t, append(args, "testdata/repos/ready")...)
			var rep struct {
				Checklist struct{ Version string } `json:"checklist"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("%v; stderr %s", err, stderr)
			}
			if rep.Checklist.Version != want {
				t.Errorf("checklist version %q, want %q", rep.Checklist.Version, want)
			}
		})
	}
	if code, _, stderr := runCLI(t, "check", "--checklist", "builtin:v7", "testdata/repos/ready"); code != 2 {
		t.Errorf("builtin:v7 exit %d, want 2; stderr %s", code, stderr)
	}
}
