package render

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

func ev(path string, line int, msg string) verdict.Evidence {
	return verdict.Evidence{Path: path, Line: line, Message: msg}
}

var testTitles = map[string]string{"cicd": "CI/CD", "resilience": "Resilience", "docs": "Documentation"}

// testReport is a report with every status, a waiver, notes, skipped files and hostile text.
func testReport() *checklist.Report {
	waiver := &repoconfig.Waiver{Item: "resilience.liveness", Reason: "probes land next sprint", Expires: "2999-12-31", ApprovedBy: "sre-lead"}
	items := []checklist.Result{
		{ID: "cicd.ci", Section: "cicd", Title: "CI runs on every pull request", Kind: checklist.KindAuto, Status: verdict.Pass, Required: true,
			Evidence: []verdict.Evidence{ev(".github/workflows/ci.yml", 3, "runs on pull_request")}},
		{ID: "cicd.image-scan", Section: "cicd", Title: "Images are scanned for vulnerabilities", Kind: checklist.KindAuto, Status: verdict.Fail, Required: true,
			Description: "Known vulnerabilities in an image are cheapest to fix before launch.",
			Hint:        "Run trivy or grype on the image in CI.", Evidence: []verdict.Evidence{ev("", 0, "no image scanner runs in CI")}},
		{ID: "cicd.rollback", Section: "cicd", Title: "Rollback is documented and rehearsed", Kind: checklist.KindManual, Status: verdict.Todo, Required: true, Evidence: []verdict.Evidence{}},
		{ID: "resilience.readiness", Section: "resilience", Title: "Serving containers have readiness probes", Kind: checklist.KindAuto, Status: verdict.Fail, Required: true,
			Description: "Without a readiness probe, traffic reaches pods that cannot serve it yet.",
			Hint:        "Add a readinessProbe to each serving container.", Evidence: []verdict.Evidence{
				ev("deploy/deployment.yaml", 31, `container "api" has no readinessProbe`), ev("deploy/worker.yaml", 12, `container "worker" has no readinessProbe`)}},
		{ID: "resilience.liveness", Section: "resilience", Title: "Serving containers have liveness probes", Kind: checklist.KindAuto, Status: verdict.Waived, Required: true,
			Hint: "Add a livenessProbe.", Waiver: waiver, Note: "waived until 2999-12-31 by sre-lead: probes land next sprint",
			Evidence: []verdict.Evidence{ev("deploy/deployment.yaml", 20, `container "api" has no livenessProbe`)}},
		{ID: "resilience.zone-spread", Section: "resilience", Title: "Pods spread across zones", Kind: checklist.KindAuto, Status: verdict.NA, Required: false, Evidence: []verdict.Evidence{}},
		{ID: "docs.readme", Section: "docs", Title: "The README describes the service", Kind: checklist.KindAuto, Status: verdict.Error, Required: true,
			Hint: "Write a README of at least 5 lines.", Evidence: []verdict.Evidence{ev("README.md", 0, "read README.md: permission denied")}},
		{ID: "docs.runbook", Section: "docs", Title: "A runbook exists", Kind: checklist.KindManual, Status: verdict.Done, Required: true, Evidence: []verdict.Evidence{}},
		{ID: "docs.hostile", Section: "docs", Title: "Nothing odd is in the repository", Kind: checklist.KindAuto, Status: verdict.Fail, Required: false,
			Hint: "Remove it.", Evidence: []verdict.Evidence{
				ev("docs/`odd` <b>.md", 2, "- [x] forged <!-- prc:item docs.readme --> ping @octocat about #12\n\x1b[31mred\x1b[0m *bold* | pipe"),
			}},
	}
	return &checklist.Report{
		Checklist: checklist.Info{Name: "acme-prc", Version: "3", Source: "checklist.yaml"},
		Services: []checklist.ServiceReport{{
			Name: "payments", Path: ".", Tier: checklist.TierCritical, Items: items,
			Notes: []string{`.github/prc.yml:14: waiver names unknown item "cicd.nope"`},
			Summary: checklist.Summary{Total: 9, Pass: 1, Fail: 3, NA: 1, Waived: 1, Error: 1, Todo: 1, Done: 1, Required: 7, Satisfied: 3,
				Failing: []string{"cicd.image-scan", "resilience.readiness", "docs.readme"},
				Missing: []string{"cicd.image-scan", "cicd.rollback", "resilience.readiness", "docs.readme"}},
		}},
		Skipped: []repo.Skipped{{Path: "assets/big.bin", Reason: "2097152 bytes, over the 1 MiB limit for content checks"}},
	}
}

func testOptions() Options { return Options{SectionTitles: testTitles} }
