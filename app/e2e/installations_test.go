package e2e

import (
	"context"
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
)

// TestDeliveriesForGoneInstallationsSettle: a repository event for an installation GitHub no
// longer knows, or has suspended, is accepted, then dropped at the first try without an issue
// or a retry.
func TestDeliveriesForGoneInstallationsSettle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("orphan", map[string]string{"README.md": "# orphan\n"})
		e.fake.SuspendInstallation(installation, true)
		e.deliver("repository", e.payload("repository/created", r))
		p := e.payload("repository/created", r)
		fixtures.Set(p, "installation", map[string]any{"id": 777, "node_id": "gone"})
		e.deliver("repository", p)
		e.settle()
		if n := len(e.prcIssues(r)); n != 0 {
			t.Errorf("%d PRC issues, want none", n)
		}
		counts, err := e.app.Store().JobCounts(context.Background(), "reconcile")
		if err != nil {
			t.Fatal(err)
		}
		if counts["cancelled"] != 2 || counts["retryable"] != 0 {
			t.Errorf("reconcile jobs by state %v, want 2 cancelled", counts)
		}
	})
}
