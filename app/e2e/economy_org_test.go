package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/store/storetest"
)

// TestOrgPushIsSeenAtOnce: the absence of the organisation's settings is cached for a minute,
// but a push that adds them is seen by the evaluations it calls for at once, well inside that
// minute.
func TestOrgPushIsSeenAtOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("svc", map[string]string{"README.md": "# svc\n", ".github/prc.yml": "service: svc\n"})
		e.deliver("repository", e.payload("repository/created", r))
		issue := e.onePRCIssue(r)
		if strings.Contains(issue.Body, "from checklist acme") {
			t.Fatalf("rendered from an organisation checklist before there was one:\n%s", issue.Body)
		}
		settings := e.withOrgChecklist(orgChecklist)
		e.deliver("push", e.pushPayload(settings, "prc/checklist.yaml"))
		e.eventually("the issue to follow the organisation checklist", func() bool {
			return strings.Contains(e.body(r, issue.Number), "from checklist acme")
		})
	})
}
