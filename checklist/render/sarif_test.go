package render

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestSARIFGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := SARIF(&buf, testReport(), Options{ToolVersion: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.sarif.golden", buf.Bytes())
}

type sarifResultView struct {
	RuleID    string
	RuleIndex int
	Level     string
	Message   struct{ Text string }
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct{ URI, URIBaseID string }
			Region           struct{ StartLine int }
		}
	}
}

func decodeSARIF(t *testing.T, rep *checklist.Report) (rules []struct{ ID string }, results []sarifResultView) {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, rep, Options{ToolVersion: "v9.8.7"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct{ ID string }
					Properties                    map[string]string
				}
			}
			Results []sarifResultView
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with one", log.Version, len(log.Runs))
	}
	d := log.Runs[0].Tool.Driver
	if d.Name != "prc" || d.Version != "v9.8.7" || d.InformationURI != InformationURI {
		t.Errorf("driver %s %s %s, want prc's own version v9.8.7 and %s", d.Name, d.Version, d.InformationURI, InformationURI)
	}
	if d.Properties["checklist"] != rep.Checklist.Name || d.Properties["checklistVersion"] != rep.Checklist.Version {
		t.Errorf("driver properties %v, want checklist %s version %s", d.Properties, rep.Checklist.Name, rep.Checklist.Version)
	}
	return d.Rules, log.Runs[0].Results
}

func TestSARIFResults(t *testing.T) {
	t.Parallel()
	rules, results := decodeSARIF(t, testReport())
	if len(rules) != 9 {
		t.Errorf("%d rules, want one per item (9)", len(rules))
	}
	want := map[string]string{"cicd.image-scan": "error", "resilience.readiness": "error", "docs.readme": "error", "docs.hostile": "warning"}
	count := map[string]int{}
	for _, r := range results {
		count[r.RuleID]++
		if lvl, ok := want[r.RuleID]; !ok || r.Level != lvl {
			t.Errorf("result for %s at level %s, want %q", r.RuleID, r.Level, lvl)
		}
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d (%s)", r.RuleID, r.RuleIndex, rules[r.RuleIndex].ID)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.Region.StartLine < 1 || loc.ArtifactLocation.URI == "" || r.Message.Text == "" {
			t.Errorf("result %s has an invalid location or message: %+v", r.RuleID, r)
		}
	}
	if count["resilience.readiness"] != 2 {
		t.Errorf("%d results for resilience.readiness, want one per evidence line (2)", count["resilience.readiness"])
	}
}

func TestSARIFLocations(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		ev        verdict.Evidence
		uri       string
		startLine int
	}{
		"path and line":  {ev("deploy/app.yaml", 31, "m"), "deploy/app.yaml", 31},
		"path, no line":  {ev("Dockerfile", 0, "m"), "Dockerfile", 1},
		"no path":        {ev("", 0, "m"), SARIFFallbackPath, 1},
		"escaped":        {ev("docs/a b#c%.md", 2, "m"), "docs/a%20b%23c%25.md", 2},
		"colon in first": {ev("a:b/c.yaml", 1, "m"), "./a:b/c.yaml", 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rep := reportWith(checklist.Result{ID: "a.b", Section: "a", Title: "t", Kind: checklist.KindAuto, Status: verdict.Fail, Evidence: []verdict.Evidence{tt.ev}})
			_, results := decodeSARIF(t, rep)
			if len(results) != 1 {
				t.Fatalf("%d results, want 1", len(results))
			}
			loc := results[0].Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URI != tt.uri || loc.Region.StartLine != tt.startLine || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Errorf("location = %+v, want %s line %d", loc, tt.uri, tt.startLine)
			}
		})
	}
}

// TestSARIFRuleHelp checks that each rule carries why its item matters and how to fix it.
func TestSARIFRuleHelp(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		description, hint string
		text, markdown    string
	}{
		"both":             {"Scans find known CVEs.", "Run *trivy*.", "Scans find known CVEs.\n\nFix: Run *trivy*.", "Scans find known CVEs.\n\n**Fix:** Run \\*trivy\\*."},
		"hint only":        {"", "Run trivy.", "Fix: Run trivy.", "**Fix:** Run trivy."},
		"description only": {"Scans find known CVEs.", "", "Scans find known CVEs.", "Scans find known CVEs."},
		"neither":          {"", "", "", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rep := reportWith(checklist.Result{ID: "a.b", Section: "a", Title: "t", Kind: checklist.KindAuto, Status: verdict.Pass, Description: tt.description, Hint: tt.hint})
			var buf bytes.Buffer
			if err := SARIF(&buf, rep, Options{}); err != nil {
				t.Fatal(err)
			}
			var log struct {
				Runs []struct {
					Tool struct {
						Driver struct {
							Rules []struct {
								FullDescription *struct{ Text string }
								Help            *struct{ Text, Markdown string }
							}
						}
					}
				}
			}
			if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			rule := log.Runs[0].Tool.Driver.Rules[0]
			var text, md, full string
			if rule.Help != nil {
				text, md = rule.Help.Text, rule.Help.Markdown
			}
			if rule.FullDescription != nil {
				full = rule.FullDescription.Text
			}
			if text != tt.text || md != tt.markdown || full != tt.description {
				t.Errorf("help %q / %q, fullDescription %q; want %q / %q, %q", text, md, full, tt.text, tt.markdown, tt.description)
			}
		})
	}
}
