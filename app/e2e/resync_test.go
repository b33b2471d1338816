package e2e

import (
	"context"
	"testing"

	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store/storetest"
)

func TestResyncCatchesMissedChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.withOrgChecklist(orgChecklist)
		r := e.repo("quiet", map[string]string{"README.md": "# quiet\n", ".github/prc.yml": "service: quiet\n"})
		e.deliver("installation", e.installationPayload("created"))
		n := e.onePRCIssue(r).Number
		e.fake.Push(org, r.Name, r.DefaultBranch, map[string]string{"RUNBOOK.md": "# runbook\n"})
		if err := e.app.Store().Enqueue(context.Background(), jobs.ResyncArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		e.eventually("the resync to see the runbook", func() bool {
			ok, _ := itemState(t, e.body(r, n), "docs.runbook")
			return ok
		})
	})
}
