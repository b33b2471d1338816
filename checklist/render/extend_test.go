package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
)

// extendingReport is testReport as made from an org checklist that extends builtin:v2: it added
// docs.hostile, changed the tiers of cicd.ci, asks for a link on cicd.rollback and disabled
// items, one with a hostile reason.
func extendingReport() *checklist.Report {
	rep := testReport()
	rep.Checklist.Base = "builtin:v2"
	rep.Checklist.Disabled = []checklist.Disabled{
		{ID: "docs.architecture", Title: "Architecture is documented", Reason: "in the wiki <!-- prc:item docs.readme --> @octocat"},
		{ID: "cicd.lint", Title: "Linters run in CI", Reason: "no linters for COBOL"},
	}
	items := rep.Services[0].Items
	for i := range items {
		items[i].Origin = "builtin:v2"
		switch items[i].ID {
		case "docs.hostile":
			items[i].Origin = ".github/prc/checklist.yaml"
		case "cicd.ci":
			items[i].TiersFrom = ".github/prc/checklist.yaml"
		case "cicd.rollback":
			items[i].EvidenceRequired = true
		}
	}
	return rep
}

func TestMarkdownExtendingGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Markdown(&buf, extendingReport(), testOptions()); err != nil {
		t.Fatal(err)
	}
	golden(t, "issue-extends.md.golden", buf.Bytes())
	p, err := ParseBody(buf.String())
	if err != nil || len(p.Duplicates) > 0 || len(p.Items) != len(extendingReport().Services[0].Items) {
		t.Errorf("body reads back with %d items, duplicates %v, error %v", len(p.Items), p.Duplicates, err)
	}
	if want := (Meta{Checklist: "acme-prc", Version: "3", Service: "payments", Base: "builtin:v2"}); p.Meta != want {
		t.Errorf("meta = %+v, want %+v", p.Meta, want)
	}
}

func TestItemFrom(t *testing.T) {
	t.Parallel()
	org := checklist.Info{Name: "acme", Base: "builtin:v2"}
	tests := map[string]struct {
		info checklist.Info
		r    checklist.Result
		want string
	}{
		"checklist extends none": {checklist.Info{Name: "acme"}, checklist.Result{Origin: "x.yaml"}, ""},
		"inherited untouched":    {org, checklist.Result{Origin: "builtin:v2"}, ""},
		"inherited, tiers set":   {org, checklist.Result{Origin: "builtin:v2", TiersFrom: "org.yaml"}, "tiers set by acme"},
		"added by the org":       {org, checklist.Result{Origin: "org.yaml"}, "added by acme"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := itemFrom(tt.info, tt.r); got != tt.want {
				t.Errorf("itemFrom = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONRecordsOrigin(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, extendingReport()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Checklist struct {
			Base     string               `json:"base"`
			Disabled []checklist.Disabled `json:"disabled"`
		} `json:"checklist"`
		Services []struct {
			Items []struct {
				ID, Origin, TiersFrom string
			} `json:"items"`
		} `json:"services"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Checklist.Base != "builtin:v2" || len(got.Checklist.Disabled) != 2 || got.Checklist.Disabled[1].Reason != "no linters for COBOL" {
		t.Errorf("checklist = %+v", got.Checklist)
	}
	origins := map[string]string{}
	for _, it := range got.Services[0].Items {
		origins[it.ID] = it.Origin + "|" + it.TiersFrom
	}
	if origins["docs.hostile"] != ".github/prc/checklist.yaml|" || origins["cicd.ci"] != "builtin:v2|.github/prc/checklist.yaml" {
		t.Errorf("origins = %v", origins)
	}
	var plain bytes.Buffer
	if err := JSON(&plain, testReport()); err != nil {
		t.Fatal(err)
	}
	if s := plain.String(); strings.Contains(s, `"origin"`) || strings.Contains(s, `"base"`) {
		t.Error("a checklist that extends none should carry no origin or base fields")
	}
}
