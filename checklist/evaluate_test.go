package checklist_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

const evalChecklist = `apiVersion: prc/v1
name: eval
version: "3"
sections:
  - id: docs
    title: Docs
    items:
      - id: docs.readme
        title: README
        kind: auto
        tiers: [critical, standard, experimental]
        hint: write one
        check: {files: {any: [README.md]}}
      - id: docs.runbook
        title: Runbook
        kind: auto
        check: {files: {any: [RUNBOOK.md]}}
      - id: docs.review
        title: Reviewed
        kind: manual
`

func mustParse(t *testing.T, doc string) *checklist.Checklist {
	t.Helper()
	c, err := checklist.Parse("c.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustConfig(t *testing.T, doc string) *repoconfig.Config {
	t.Helper()
	c, err := repoconfig.Parse(repoconfig.Path, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func statuses(s checklist.ServiceReport) string {
	var out []string
	for _, r := range s.Items {
		out = append(out, r.ID+"="+string(r.Status))
	}
	return strings.Join(out, " ")
}

func TestEvaluateSummary(t *testing.T) {
	c := mustParse(t, evalChecklist)
	snap := repo.NewMemory(map[string]string{"README.md": "x"})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{DefaultName: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Services[0]
	if got := statuses(s); got != "docs.readme=pass docs.runbook=fail docs.review=todo" {
		t.Errorf("statuses = %s", got)
	}
	sum := s.Summary
	if sum.Required != 3 || sum.Satisfied != 1 || sum.Ready || strings.Join(sum.Failing, ",") != "docs.runbook" || strings.Join(sum.Missing, ",") != "docs.runbook,docs.review" {
		t.Errorf("summary = %+v", sum)
	}
	if !rep.Failing() || rep.Checklist.Version != "3" || s.Name != "svc" || s.Tier != checklist.TierStandard {
		t.Errorf("report = %+v", rep)
	}
}

func TestEvaluateTierAndTicks(t *testing.T) {
	c := mustParse(t, evalChecklist)
	snap := repo.NewMemory(map[string]string{"README.md": "x"})
	done := func(service, id string) bool { return service == "svc" && id == "docs.review" }
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{DefaultName: "svc", Tier: checklist.TierExperimental, Done: done})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Services[0]
	if got := statuses(s); got != "docs.readme=pass docs.runbook=fail docs.review=done" {
		t.Errorf("statuses = %s", got)
	}
	if !s.Summary.Ready || rep.Failing() || s.Summary.Required != 1 {
		t.Errorf("experimental tier needs only docs.readme; summary = %+v", s.Summary)
	}
}

func TestEvaluateWaivers(t *testing.T) {
	c := mustParse(t, evalChecklist)
	cfg := mustConfig(t, `waivers:
  - {item: docs.runbook, reason: written next sprint, expires: 2026-12-31, approvedBy: sre}
  - {item: docs.nothing, reason: typo, expires: 2026-12-31, approvedBy: sre}
`)
	snap := repo.NewMemory(map[string]string{"README.md": "x"})
	for name, tc := range map[string]struct {
		now    time.Time
		status verdict.Status
		note   string
	}{
		"active":  {time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), verdict.Waived, "waived until 2026-12-31 by sre: written next sprint"},
		"expired": {time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), verdict.Fail, "waiver expired on 2026-12-31"},
	} {
		t.Run(name, func(t *testing.T) {
			rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg, DefaultName: "svc", Now: tc.now})
			if err != nil {
				t.Fatal(err)
			}
			s := rep.Services[0]
			r := s.Items[1]
			if r.Status != tc.status || !strings.Contains(r.Note, tc.note) {
				t.Errorf("docs.runbook = %s %q, want %s %q", r.Status, r.Note, tc.status, tc.note)
			}
			if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], `unknown item "docs.nothing"`) {
				t.Errorf("notes = %v", s.Notes)
			}
		})
	}
}

func TestEvaluateMonorepo(t *testing.T) {
	c := mustParse(t, evalChecklist)
	cfg := mustConfig(t, "services:\n  - {name: api, path: svc/api, tier: critical}\n  - {name: web, path: svc/web}\n")
	snap := repo.NewMemory(map[string]string{"svc/api/README.md": "x", "svc/api/RUNBOOK.md": "x", "svc/web/main.go": "", "README.md": "root"})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Services) != 2 {
		t.Fatalf("services = %d", len(rep.Services))
	}
	api, web := rep.Services[0], rep.Services[1]
	if got := statuses(api); got != "docs.readme=pass docs.runbook=pass docs.review=todo" || api.Tier != checklist.TierCritical {
		t.Errorf("api = %s (%s)", got, api.Tier)
	}
	if got := api.Items[0].Evidence[0].Path; got != "svc/api/README.md" {
		t.Errorf("evidence path = %s, want it relative to the repository root", got)
	}
	if got := statuses(web); got != "docs.readme=fail docs.runbook=fail docs.review=todo" {
		t.Errorf("web = %s: the root README must not count for a service", got)
	}
	only, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg, Service: "web"})
	if err != nil || len(only.Services) != 1 || only.Services[0].Name != "web" {
		t.Errorf("--service web = %+v, %v", only, err)
	}
	if _, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg, Service: "nope"}); err == nil {
		t.Error("an unknown service must be an error")
	}
}

func TestEvaluateSkipped(t *testing.T) {
	c := mustParse(t, evalChecklist)
	snap := repo.NewMemory(map[string]string{"big.bin": strings.Repeat("x", repo.MaxFileSize+1)})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{DefaultName: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != "big.bin" {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
}

func TestApplyTicks(t *testing.T) {
	c := mustParse(t, evalChecklist)
	snap := repo.NewMemory(map[string]string{"README.md": "x", "RUNBOOK.md": "x"})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{DefaultName: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	s := &rep.Services[0]
	if s.Summary.Ready {
		t.Fatal("an unticked manual item must keep the service from being ready")
	}
	s.ApplyTicks(func(id string) bool { return id == "docs.review" })
	if got := statuses(*s); got != "docs.readme=pass docs.runbook=pass docs.review=done" || !s.Summary.Ready {
		t.Errorf("after ticking: %s, ready=%v", got, s.Summary.Ready)
	}
	s.ApplyTicks(func(string) bool { return false })
	if s.Summary.Ready || s.Items[2].Status != verdict.Todo {
		t.Errorf("after unticking: %s", statuses(*s))
	}
}

func TestMonorepoServicesSeeRootCI(t *testing.T) {
	c := mustParse(t, `apiVersion: prc/v1
name: ci
version: "1"
sections:
  - id: cicd
    title: CI
    items:
      - id: cicd.tests
        title: Tests in CI
        kind: auto
        check: {ci: {commands: ['\bgo\s+test\b']}}
`)
	cfg := mustConfig(t, "services:\n  - {name: api, path: svc/api}\n")
	snap := repo.NewMemory(map[string]string{
		".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./svc/api/...\n",
		"svc/api/main.go":          "package main\n",
	})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Services[0].Items[0]
	if r.Status != verdict.Pass || r.Evidence[0].Path != ".github/workflows/ci.yml" {
		t.Errorf("cicd.tests for svc/api = %s %+v: the root workflow must count, with its own path", r.Status, r.Evidence)
	}
}

func TestMonorepoRepositoryScope(t *testing.T) {
	c := mustParse(t, `apiVersion: prc/v1
name: scope
version: "1"
sections:
  - id: docs
    title: Docs
    items:
      - id: docs.owners
        title: Owners
        kind: auto
        check: {files: {any: [CODEOWNERS, .github/CODEOWNERS], scope: repository}}
      - id: docs.readme
        title: README
        kind: auto
        check: {files: {any: [README.md]}}
`)
	cfg := mustConfig(t, "services:\n  - {name: api, path: svc/api}\n")
	snap := repo.NewMemory(map[string]string{".github/CODEOWNERS": "* @acme/team", "README.md": "root", "svc/api/main.go": ""})
	rep, err := checklist.Evaluate(context.Background(), c, snap, checklist.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	owners, readme := rep.Services[0].Items[0], rep.Services[0].Items[1]
	if owners.Status != verdict.Pass || owners.Evidence[0].Path != ".github/CODEOWNERS" {
		t.Errorf("owners = %s %+v: the root CODEOWNERS must count with its root path", owners.Status, owners.Evidence)
	}
	if readme.Status != verdict.Fail {
		t.Errorf("readme = %s: a service-scoped check must not see the root README", readme.Status)
	}
}
