package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store/storetest"
)

// TestBurstDuringAnEvaluationCostsOneMore holds a reconcile, under the repository's lock, on its
// read of the PRC issue after evaluating, pushes 50 commits while it is held, and only then lets
// it go: one follow-up reconcile waits behind the running one however many pushes came, and the
// burst costs two evaluations in all, the second of the newest commit.
func TestBurstDuringAnEvaluationCostsOneMore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		hold := &holdOne{next: http.DefaultTransport, prefix: "/repos/acme/svc/issues/", held: make(chan struct{}), release: make(chan struct{})}
		e := start(t, engine, ghclient.WithTransport(hold))
		r := e.repo("svc", map[string]string{"README.md": "# svc\n", ".github/prc.yml": "service: svc\n"})
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number

		before := e.metric("prc_evaluations_total")
		hold.armed.Store(true)
		e.fake.Push(r.Owner, r.Name, r.DefaultBranch, map[string]string{"CHANGELOG.md": "# 0\n"})
		e.deliver("push", e.pushPayload(r, "CHANGELOG.md"))
		select {
		case <-hold.held:
		case <-time.After(waitFor):
			t.Fatal("the push's reconcile never read its PRC issue")
		}
		for i := range burstPushes {
			files := map[string]string{"CHANGELOG.md": fmt.Sprintf("# %d\n", i+1)}
			if i == burstPushes-1 {
				files["RUNBOOK.md"] = "# Runbook\n"
			}
			e.fake.Push(r.Owner, r.Name, r.DefaultBranch, files)
			e.deliver("push", e.pushPayload(r, "CHANGELOG.md"))
		}
		e.eventually("the burst dispatched, one reconcile running and one waiting", func() bool {
			d, rc := e.jobStates(jobs.DeliveryArgs{}.Kind()), e.jobStates(jobs.ReconcileArgs{}.Kind())
			return d["waiting"]+d["running"] == 0 && rc["running"] == 1 && rc["waiting"] == 1
		})
		close(hold.release)
		e.settle()
		if got := e.metric("prc_evaluations_total") - before; got != 2 {
			t.Errorf("%d evaluations for a burst of %d pushes during one, want 2: the held one and one after it", got, burstPushes)
		}
		if ok, line := itemState(t, e.body(r, n), "docs.runbook"); !ok {
			t.Errorf("after the burst the issue does not show the newest commit's runbook: %q", line)
		}
	})
}

// jobStates counts the jobs of kind that wait (available, scheduled, retryable, pending) and run.
func (e *env) jobStates(kind string) map[string]int {
	e.t.Helper()
	counts, err := e.app.Store().JobCounts(context.Background(), kind)
	if err != nil {
		e.t.Fatal(err)
	}
	return map[string]int{"running": counts["running"],
		"waiting": counts["available"] + counts["scheduled"] + counts["retryable"] + counts["pending"]}
}

// holdOne is a transport that, once armed, holds the first GET whose path starts with prefix
// until release is closed, and closes held when it arrives.
type holdOne struct {
	next          http.RoundTripper
	prefix        string
	armed         atomic.Bool
	held, release chan struct{}
}

func (h *holdOne) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, h.prefix) && h.armed.CompareAndSwap(true, false) {
		close(h.held)
		select {
		case <-h.release:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return h.next.RoundTrip(req)
}
