package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/store/storetest"
)

// extendingChecklist adds, re-tiers and disables items of the built-in checklist.
const extendingChecklist = `apiVersion: prc/v1
name: acme-prc
version: "2027.1"
extends: builtin:v3
sections:
  - id: security
    items:
      - {id: security.pentest, title: A penetration test was run, kind: manual, evidence: required}
  - id: compliance
    title: Compliance
    items:
      - {id: compliance.data-map, title: The data map lists every store of personal data, kind: manual}
tiers:
  - {item: docs.runbook, tiers: [critical]}
disable:
  - {item: docs.architecture, reason: "Architecture lives in the platform wiki."}
`

func TestOrgChecklistExtendingTheBuiltIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.repo(".github", map[string]string{"prc/checklist.yaml": extendingChecklist})
		r := e.repo("payments", map[string]string{"README.md": "# payments\n"})
		e.deliver("repository", e.payload("repository/created", r))
		body := e.onePRCIssue(r).Body
		for _, want := range []string{
			"Checklist acme-prc extends `builtin:v3`",
			"`docs.runbook` · _optional_ · _tiers set by acme-prc_",
			"Architecture lives in the platform wiki.",
			"<!-- prc:item security.pentest -->",
			"<!-- prc:item compliance.data-map -->",
			"added by acme-prc",
			"tiers set by acme-prc",
			"<!-- prc:item cicd.ci -->",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("issue body lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "<!-- prc:item docs.architecture -->") {
			t.Errorf("the disabled item is still listed:\n%s", body)
		}
		for _, line := range strings.Split(body, "\n") {
			if strings.Contains(line, "<!-- prc:item cicd.ci -->") && strings.Contains(line, "acme-prc") {
				t.Errorf("an inherited item left alone is marked as the organisation's: %q", line)
			}
		}
	})
}
