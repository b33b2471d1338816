package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
)

// Issue 9's resync figures: an organisation of orgRepos repositories, GitHub answering each call
// in callLatency, and the hourly budget the resync must stay inside.
const (
	orgRepos    = 5000
	callLatency = 50 * time.Millisecond
	hourBudget  = 5000
	// optInEvery is how sparse adoption is: one repository in optInEvery has a .github/prc.yml.
	optInEvery = 5
	// bigResyncEnv opts in to the full-size benchmark, which takes minutes.
	bigResyncEnv    = "PRC_BENCH_ORG_RESYNC"
	deliveriesRoute = "GET /app/hook/deliveries"
)

// resyncCost is what one resync of the whole organisation spent on GitHub.
type resyncCost struct {
	repos int
	// requests are those the installation sent, its token aside; charged are those not
	// answered 304, the only ones GitHub counts against the rate limit; fixed are the charged
	// ones made once for the installation: the repository list and the org settings.
	requests, charged, fixed int
	took                     time.Duration
}

// perRepo is the charged requests per repository, beyond the installation's fixed ones.
func (c resyncCost) perRepo() float64 { return float64(c.charged-c.fixed) / float64(c.repos) }

// measureResync onboards an organisation of n repositories, one in optInEvery opted in, then
// times a resync by a freshly started App on engine, with every GitHub call taking latency.
func measureResync(tb testing.TB, engine string, n int, latency time.Duration) resyncCost {
	e := start(tb, engine)
	for k := range n {
		files := map[string]string{"README.md": "# svc\n", "main.go": "package main\n"}
		if k%optInEvery == 0 {
			files[".github/prc.yml"] = fmt.Sprintf("service: svc-%04d\n", k)
		}
		e.repo(fmt.Sprintf("svc-%04d", k), files)
	}
	patience := waitFor + time.Duration(n)*300*time.Millisecond
	// Onboarding reads every repository in full, far more than an hour's budget for a large
	// organisation; it is not what is measured, so it runs with a limit it cannot reach.
	e.fake.SetRateLimit(1 << 30)
	onboarding := time.Now()
	e.deliver("installation", e.installationPayload("created"))
	e.drain(patience, jobs.BackfillArgs{}.Kind())
	on := e.fake.Requests()
	tb.Logf("onboarded %d repositories in %s with %d requests", n, time.Since(onboarding).Round(time.Second), on.Total-on.TokensIssued)
	if got := len(e.fake.Issues(org, "svc-0000")); got != 1 {
		tb.Fatalf("onboarding opened %d issues in an opted-in repository, want 1", got)
	}

	// The resync runs in a fresh process, as on another replica or after a restart: nothing
	// that the onboarding cached in memory helps it.
	// It has the hour's budget to itself: below a tenth of it left, it would wait for the reset.
	e.stop()
	_ = e.app.Close() // Run has closed the listener already, so this fails after releasing the store
	e.fake.SetRateLimit(hourBudget)
	e.fake.NewRateWindows()
	e.boot(true)
	e.fake.FailRandomly(nil, 1, githubfake.Fault{Delay: latency})
	e.fake.ResetRequests()
	began := time.Now()
	if err := e.app.Store().Enqueue(context.Background(), jobs.ResyncArgs{}, nil); err != nil {
		tb.Fatal(err)
	}
	e.drain(patience+time.Duration(n)*latency, jobs.ResyncArgs{}.Kind())
	took := time.Since(began)
	s := e.fake.Requests()
	if testing.Verbose() {
		tb.Logf("resync requests by route: %v; 304s: %v", s.ByRoute, s.NotModified)
	}
	// The App's own sweep of missed deliveries on start is not the installation's.
	c := resyncCost{repos: n, requests: s.Total - s.TokensIssued - s.ByRoute[deliveriesRoute], took: took,
		fixed: s.ByRoute[reposRoute] - s.NotModified[reposRoute] + orgLookups(s)}
	c.charged = c.requests - s.ByStatus[http.StatusNotModified]
	return c
}

// drain waits, up to patience, until a job of kind has completed and the queue is empty.
func (e *env) drain(patience time.Duration, kind string) {
	e.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if e.idleAfter(kind) {
			return
		}
		time.Sleep(patience / 500) // counting jobs competes with the workers for the store
	}
	e.t.Fatalf("the queue did not drain after a %s within %s", kind, patience)
}

func (e *env) idleAfter(kind string) bool {
	ctx := context.Background()
	if counts, err := e.app.Store().JobCounts(ctx, kind); err != nil || counts["completed"] == 0 {
		return false
	}
	return e.queueEmpty()
}

// TestOrgResyncStaysInBudget runs the resync on a small organisation and holds it to what keeps
// a 5,000-repository one inside 5,000 requests an hour: about one request per repository,
// answered 304, so that almost nothing is charged.
func TestOrgResyncStaysInBudget(t *testing.T) {
	c := measureResync(t, store.EngineSQLite, 60, callLatency)
	t.Logf("resync of %d repositories at %s a call: %d requests, %d charged (%d fixed), %s", c.repos, callLatency, c.requests, c.charged, c.fixed, c.took.Round(time.Millisecond))
	if c.requests > c.repos+c.repos/100+4 {
		t.Errorf("%d requests for %d repositories, want at most one each plus the listing", c.requests, c.repos)
	}
	if scaled := c.perRepo() * orgRepos; c.perRepo() > 0.02 || scaled+float64(c.fixed) > hourBudget {
		t.Errorf("%.3f charged requests per repository: %.0f for %d repositories, want nearly none", c.perRepo(), scaled, orgRepos)
	}
}

// BenchmarkOrgResync is the full-size resync: set PRC_BENCH_ORG_RESYNC=1 (or a number of
// repositories) and run with -benchtime=1x -timeout=60m; it takes several minutes, on
// PostgreSQL when PRC_TEST_DATABASE_URL is set, else on SQLite.
func BenchmarkOrgResync(b *testing.B) {
	v := os.Getenv(bigResyncEnv)
	if v == "" {
		b.Skipf("set %s=1 to run the %d-repository resync", bigResyncEnv, orgRepos)
	}
	n := orgRepos
	if k, err := strconv.Atoi(v); err == nil && k > 1 {
		n = k
	}
	for range b.N {
		engine := store.EngineSQLite
		if os.Getenv("PRC_TEST_DATABASE_URL") != "" {
			engine = store.EnginePostgres
		}
		c := measureResync(b, engine, n, callLatency)
		b.ReportMetric(float64(c.requests), "requests/op")
		b.ReportMetric(float64(c.charged), "charged/op")
		b.ReportMetric(c.took.Seconds(), "seconds/op")
		b.Logf("resync of %d repositories at %s a call: %d requests, %d charged (%d fixed), %s", c.repos, callLatency, c.requests, c.charged, c.fixed, c.took.Round(time.Millisecond))
		if c.charged > hourBudget {
			b.Errorf("the resync charged %d requests, over the %d an hour", c.charged, hourBudget)
		}
	}
}
