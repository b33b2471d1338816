package main

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files          []string
		code           int
		stdout, stderr []string
	}{
		"good checklist": {
			files:  []string{"testdata/checklist.yaml"},
			stdout: []string{"testdata/checklist.yaml: ok (checklist test-checklist version 7, 7 items)\n"},
		},
		"good repository config": {
			files:  []string{"testdata/checklists/good/prc.yml"},
			stdout: []string{"testdata/checklists/good/prc.yml: ok (repository config, 2 services, waivers checked against prc-default version "},
		},
		"unknown field": {
			files:  []string{"testdata/checklists/bad.yaml"},
			code:   2,
			stderr: []string{`testdata/checklists/bad.yaml:14:9: item "cicd.ci": unknown field "chek"` + "\n"},
		},
		"bad regular expression": {
			files:  []string{"testdata/checklists/bad-regex.yaml"},
			code:   2,
			stderr: []string{`testdata/checklists/bad-regex.yaml:14:22: item "cicd.ci": bad regular expression "(unclosed"`},
		},
		"prc.yaml is a repository config": {
			files:  []string{"testdata/checklists/bad-config/prc.yaml"},
			code:   2,
			stderr: []string{`testdata/checklists/bad-config/prc.yaml:2:7: unknown tier "enormous"`},
		},
		"every file is reported": {
			files:  []string{"testdata/checklists/bad.yaml", "testdata/checklist.yaml", "testdata/missing.yaml"},
			code:   2,
			stdout: []string{"testdata/checklist.yaml: ok"},
			stderr: []string{"bad.yaml:14:9", "prc validate: open testdata/missing.yaml"},
		},
		"good organisation config": {
			files:  []string{"testdata/org/good/prc/config.yml"},
			stdout: []string{"testdata/org/good/prc/config.yml: ok (organisation config, onboard all, 1 campaign, checked against prc-default version "},
		},
		"bad organisation config": {
			files:  []string{"testdata/org/bad/prc/config.yml"},
			code:   2,
			stderr: []string{`testdata/org/bad/prc/config.yml:2:10: reminders.every: "1w" is not a duration`},
		},
		"campaign naming an unknown item": {
			files:  []string{"testdata/org/unknown-item/prc/config.yml"},
			code:   2,
			stderr: []string{`campaign c1 names item "monitoring.nope", which prc-default version`},
		},
		"no files": {code: 2, stderr: []string{"Usage: prc validate [--checklist FILE] FILE..."}},
		"every error in a file": {
			files: []string{"testdata/checklists/many-errors.yaml"},
			code:  2,
			stderr: []string{
				`many-errors.yaml:12:9: item "cicd.ci": unknown field "chek"` + "\n",
				`many-errors.yaml:17:51: item "cicd.tests": bad regular expression "(unclosed"`,
				`many-errors.yaml:28:15: item "docs.readme": kind must be auto or manual, got "sometimes"` + "\n",
				`many-errors.yaml:29:13: item "cicd.readme": id must start with its section "docs."` + "\n",
			},
		},
		"waivers for unknown items, built-in checklist": {
			files: []string{"testdata/checklists/waivers/prc.yml"},
			code:  2,
			stderr: []string{
				`waivers/prc.yml:4:12: waiver: no item "cicd.nope" in checklist prc-default version`,
				`waivers/prc.yml:13:15: waiver: no item "ops.gone" in checklist prc-default version`,
			},
		},
		"waivers against --checklist": {
			files:  []string{"--checklist", "testdata/checklist.yaml", "testdata/checklists/waivers/prc.yml"},
			code:   2,
			stderr: []string{`4:12: waiver: no item "cicd.nope" in checklist test-checklist version 7`, `13:15: waiver: no item "ops.gone" in checklist test-checklist version 7`},
		},
		"waivers against the checklist given alongside": {
			files:  []string{"testdata/checklist.yaml", "testdata/checklists/waivers/prc.yml"},
			code:   2,
			stdout: []string{"testdata/checklist.yaml: ok"},
			stderr: []string{`no item "cicd.nope" in checklist test-checklist version 7`},
		},
		"known waivers": {
			files:  []string{"--checklist", "testdata/checklist.yaml", "testdata/checklists/known/prc.yml"},
			stdout: []string{"known/prc.yml: ok (repository config, 1 service, waivers checked against test-checklist version 7)"},
		},
		"every error in a repository config": {
			files: []string{"testdata/checklists/many-config-errors/prc.yml"},
			code:  2,
			stderr: []string{
				`prc.yml:2:33: waiver: reason is required`,
				`prc.yml:6:11: service "api": unknown tier "huge"`,
				`prc.yml:10:52: service "web": waiver: expires must be a date like 2026-12-31, got "next week"`,
				`prc.yml:11:11: service "api": duplicate service name`,
			},
		},
		"waivers against a missing checklist": {
			files:  []string{"--checklist", "testdata/missing.yaml", "testdata/checklists/known/prc.yml"},
			code:   2,
			stderr: []string{"prc validate: open testdata/missing.yaml"},
		},
		"config errors and unknown waivers together": {
			files:  []string{"testdata/checklists/bad-and-unknown/prc.yml"},
			code:   2,
			stderr: []string{`prc.yml:1:7: unknown tier "gigantic"`, `prc.yml:3:12: waiver: no item "cicd.nope"`},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, append([]string{"validate"}, tt.files...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			assertContainsAll(t, "stdout", stdout, tt.stdout)
			assertContainsAll(t, "stderr", stderr, tt.stderr)
		})
	}
}

func assertContainsAll(t *testing.T, what, got string, want []string) {
	t.Helper()
	if len(want) == 0 && got != "" {
		t.Errorf("%s = %q, want nothing", what, got)
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s = %q, want it to contain %q", what, got, w)
		}
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		"no command":      {nil, 2, "", "Usage:"},
		"unknown command": {[]string{"deploy"}, 2, "", `prc: unknown command "deploy"`},
		"help":            {[]string{"help"}, 0, "prc check [DIR] [flags]", ""},
		"version":         {[]string{"version"}, 0, "prc ", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
