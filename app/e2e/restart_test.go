package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store/storetest"
)

func TestQueuedJobsFinishAfterRestart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.stop()
		e.app.Close()
		e.boot(false)
		var repos []*githubfake.Repo
		for i := 0; i < 5; i++ {
			r := e.repo(fmt.Sprintf("svc-%d", i), map[string]string{"README.md": "# svc\n"})
			repos = append(repos, r)
			d := delivery("repository", e.payload("repository/created", r))
			if code := d.Send(t, e.app.Handler(), secret).Code; code != http.StatusAccepted {
				t.Fatalf("delivery = %d", code)
			}
			if code := d.Send(t, e.app.Handler(), secret).Code; code != http.StatusOK {
				t.Fatalf("redelivery = %d", code)
			}
		}
		if err := e.app.Close(); err != nil {
			t.Fatal(err)
		}
		if n := len(e.fake.Issues(org, repos[0].Name)); n != 0 {
			t.Fatalf("a stopped server opened %d issues", n)
		}
		e.boot(true)
		for _, r := range repos {
			e.onePRCIssue(r)
		}
	})
}

func TestStopDuringWorkThenRestart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.fake.Fail(githubfake.On("GET", "/repos/{owner}/{repo}/git/trees/{sha}"), githubfake.Fault{Delay: 300 * time.Millisecond, Times: githubfake.Forever})
		var repos []*githubfake.Repo
		for i := 0; i < 6; i++ {
			r := e.repo(fmt.Sprintf("job-%d", i), map[string]string{"README.md": "# job\n"})
			repos = append(repos, r)
			e.deliver("repository", e.payload("repository/created", r))
		}
		e.eventually("a reconcile to be running, held up reading a tree", func() bool {
			counts, err := e.app.Store().JobCounts(context.Background(), jobs.ReconcileArgs{}.Kind())
			return err == nil && counts["running"] > 0 && e.fake.Requests().Faulted > 0
		})
		opened := 0
		for _, r := range repos {
			opened += len(e.fake.Issues(org, r.Name))
		}
		if opened == len(repos) {
			t.Fatal("every issue was open before the stop: no work was in flight")
		}
		e.stop()
		e.boot(true)
		for _, r := range repos {
			e.onePRCIssue(r)
		}
	})
}

func TestBadSignatureStoresNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		r := e.repo("secure", nil)
		d := fixtures.Delivery{Event: "repository", ID: fixtures.NewDeliveryID(), Payload: e.payload("repository/created", r)}
		if code := d.Post(t, e.url(), "wrong-secret"); code != http.StatusUnauthorized {
			t.Fatalf("status = %d, want 401", code)
		}
		if _, err := e.app.Store().Delivery(t.Context(), 1, d.ID); err == nil {
			t.Error("a delivery with a bad signature was stored")
		}
		// A good delivery after the bad one shows the workers run: once it is done and the queue
		// is empty, nothing is left that could still process the bad one.
		witness := e.repo("witness", nil)
		e.deliver("repository", e.payload("repository/created", witness))
		e.onePRCIssue(witness)
		if len(e.fake.Issues(org, r.Name)) != 0 {
			t.Error("a delivery with a bad signature was processed")
		}
	})
}
