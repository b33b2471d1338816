package render_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/verdict"
)

func TestIssueBodyLinksEvidence(t *testing.T) {
	rep := &checklist.Report{
		Checklist: checklist.Info{Name: "c", Version: "1"},
		Services: []checklist.ServiceReport{{Name: "api", Path: ".", Tier: checklist.TierStandard, Items: []checklist.Result{{
			ID: "docs.readme", Section: "docs", Title: "README", Kind: checklist.KindAuto, Status: verdict.Fail, Required: true,
			Evidence: []verdict.Evidence{{Path: "README.md", Line: 3, Message: "too short"}, {Message: "no path"}},
		}}}},
	}
	link := func(p string, line int) string { return fmt.Sprintf("https://example.com/blob/main/%s#L%d", p, line) }
	body, err := render.IssueBody(rep, "api", render.Options{FileURL: link})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "[`README.md`:3](https://example.com/blob/main/README.md#L3) too short") {
		t.Errorf("evidence not linked:\n%s", body)
	}
	plain, err := render.IssueBody(rep, "api", render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain, "https://") || !strings.Contains(plain, "`README.md`:3 too short") {
		t.Errorf("evidence linked without FileURL:\n%s", plain)
	}
}
