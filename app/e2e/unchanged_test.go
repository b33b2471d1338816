package e2e

import (
	"testing"

	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
)

// TestPushAtTheEvaluatedCommitEvaluatesNothing: a push whose head is the commit already
// evaluated (a redelivery, or pushes out of order) costs one 304 and nothing else.
func TestPushAtTheEvaluatedCommitEvaluatesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("ledger", map[string]string{"README.md": "# ledger\n"})
		e.deliver("repository", e.payload("repository/created", r))
		e.onePRCIssue(r)
		e.fake.ResetRequests()
		e.deliver("push", e.pushPayload(r))
		e.settleAfter("reconcile")
		got := e.fake.Requests()
		if read := got.ByRoute[treeRoute] - got.NotModified[treeRoute]; read != 0 || got.Mutations() != 0 {
			t.Errorf("a push at the evaluated commit read %d trees and made %d mutations, want none", read, got.Mutations())
		}
		if n := got.Total - got.TokensIssued; n > 1 || got.ByStatus[304] != n {
			t.Errorf("a push at the evaluated commit sent %d requests (%v), want at most one, answered 304", n, got.ByRoute)
		}
	})
}

// TestDeletedIssueWebhookRecreatesIt: deleting a PRC issue re-evaluates even though the
// repository did not change, so the issue comes back.
func TestDeletedIssueWebhookRecreatesIt(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("ledger", map[string]string{"README.md": "# ledger\n"})
		e.deliver("repository", e.payload("repository/created", r))
		first := e.onePRCIssue(r).Number
		issue := e.fake.IssueObject(r.Owner, r.Name, first)
		e.fake.DeleteIssue(r.Owner, r.Name, first)
		p := e.payload("issues/deleted", r)
		fixtures.Set(p, "issue", issue)
		e.deliver("issues", p)
		e.settle()
		issues := e.prcIssues(r)
		if len(issues) != 1 || issues[0].Number == first {
			t.Fatalf("after deletion: %+v", issues)
		}
	})
}
