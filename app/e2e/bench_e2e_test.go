package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// footprintServices is how many tracked services BenchmarkFootprint measures.
const footprintServices = 1000

// footprintBudget is the fake's hourly request limit in BenchmarkFootprint, high enough that
// onboarding footprintServices repositories never waits for GitHub's reset; the default 5,000
// would stop it about half way, for an hour.
const footprintBudget = 1_000_000

// benchWait bounds how long a benchmark waits for the App to finish its work.
const benchWait = 10 * time.Minute

// BenchmarkWebhookToIssue measures, per new repository, the time from posting its
// repository.created delivery to the App until its PRC issue exists in the fake. Repositories are
// created one at a time and the queue is left to drain between them, untimed. GitHub pacing is the
// e2e harness's (1 ms); the store's poll interval is the production default.
func BenchmarkWebhookToIssue(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			fake := githubfake.New(b)
			fake.AddInstallation(installation, org)
			br := runBench(b, engine, fake)
			lat := make([]time.Duration, b.N)
			b.ResetTimer()
			for i := range b.N {
				r := br.fake.AddRepo(installation, org, fmt.Sprintf("new-%d", i), map[string]string{"README.md": "# new\n"})
				start := time.Now()
				br.post(b, "repository", br.payload(b, "repository/created", r))
				br.wait(b, "a PRC issue in "+r.FullName, time.Millisecond, func() bool { return len(prcIssuesOf(br.fake, r)) > 0 })
				lat[i] = time.Since(start)
				b.StopTimer()
				br.settle(b)
				if n := len(prcIssuesOf(br.fake, r)); n != 1 {
					b.Fatalf("%d PRC issues in %s, want 1", n, r.FullName)
				}
				b.StartTimer()
			}
			b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkFootprint onboards footprintServices repositories, each declaring one service, then
// runs b.N resyncs of them all. It reports the GitHub requests spent per service onboarding and
// per service per resync; the store's size on disk (SQLite: the database file with its WAL;
// PostgreSQL: pg_database_size) migrated but empty, and at the end; and the process's heap in use
// after a GC. The heap holds the fake GitHub too, so heap-fake-MB is the heap before the App
// started, with the fake's repositories already in it; its issues and check runs grow it later
// and count as the App's.
func BenchmarkFootprint(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(fmt.Sprintf("%s/services=%d", engine, footprintServices), func(b *testing.B) {
			fake := githubfake.New(b, githubfake.WithRateLimit(footprintBudget))
			fake.AddInstallation(installation, org)
			for k := range footprintServices {
				fake.AddRepo(installation, org, fmt.Sprintf("svc-%d", k), map[string]string{
					"README.md": "# svc\n", ".github/prc.yml": fmt.Sprintf("service: svc-%d\n", k)})
			}
			before := heapInUse()
			br := runBench(b, engine, fake)
			empty := br.storeSize(b)
			br.post(b, "installation", br.installationPayload(b))
			br.settle(b)
			cold := fake.Requests().Total
			b.ResetTimer()
			for range b.N {
				if err := br.app.Store().Enqueue(context.Background(), jobs.ResyncArgs{}, nil); err != nil {
					b.Fatal(err)
				}
				br.settle(b)
			}
			b.StopTimer()
			br.expectServices(b, footprintServices)
			b.ReportMetric(float64(cold)/footprintServices, "cold-req/svc")
			b.ReportMetric(float64(fake.Requests().Total-cold)/float64(b.N*footprintServices), "resync-req/svc")
			b.ReportMetric(float64(before)/(1<<20), "heap-fake-MB")
			b.ReportMetric(float64(heapInUse())/(1<<20), "heap-MB")
			b.ReportMetric(float64(empty)/(1<<20), "store-empty-MB")
			b.ReportMetric(float64(br.storeSize(b))/(1<<20), "store-MB")
		})
	}
}

// benchApp is one running App against a fake, for benchmarks.
type benchApp struct {
	fake *githubfake.Fake
	app  *app.App
	sc   store.Config
}

// runBench starts the App on a fresh database of engine against fake, which holds the
// installation, and waits until it is ready.
func runBench(b *testing.B, engine string, fake *githubfake.Fake) *benchApp {
	b.Helper()
	sc := storetest.Config(b, engine)
	a, err := app.New(context.Background(), benchConfig(b, fake, sc), quietLog(),
		app.WithGitHubOptions(ghclient.WithPacing(time.Millisecond, time.Millisecond), ghclient.WithRetryDelay(10*time.Millisecond)))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("app stopped with %v", err)
		}
	})
	br := &benchApp{fake: fake, app: a, sc: sc}
	br.wait(b, "the App is ready", 10*time.Millisecond, func() bool {
		resp, err := http.Get("http://" + a.Addr() + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return br
}

// post signs and posts a delivery, expecting it to be accepted.
func (br *benchApp) post(b *testing.B, event string, payload map[string]any) {
	b.Helper()
	d := fixtures.Delivery{Event: event, ID: fixtures.NewDeliveryID(), Payload: payload}
	if code := d.Post(b, "http://"+br.app.Addr(), secret); code != http.StatusAccepted {
		b.Fatalf("delivery %s answered %d, want 202", event, code)
	}
}

// payload is a fixture pointed at this installation and at r.
func (br *benchApp) payload(b *testing.B, fixture string, r *githubfake.Repo) map[string]any {
	p := fixtures.Payload(b, fixture)
	fixtures.Set(p, "installation", map[string]any{"id": installation, "node_id": "inst"})
	fixtures.Set(p, "repository", repoObject(r))
	fixtures.Set(p, "sender", map[string]any{"login": "octocat", "id": 1, "type": "User"})
	return p
}

// installationPayload is installation.created for this installation, listing no repositories.
func (br *benchApp) installationPayload(b *testing.B) map[string]any {
	p := fixtures.Payload(b, "installation/created")
	fixtures.Set(p, "installation", map[string]any{"id": installation, "account": map[string]any{"login": org, "type": "Organization"}})
	delete(p, "repositories")
	return p
}

// wait polls cond every step until it holds, failing after benchWait.
func (br *benchApp) wait(b *testing.B, what string, step time.Duration, cond func() bool) {
	b.Helper()
	deadline := time.Now().Add(benchWait)
	for !cond() {
		if time.Now().After(deadline) {
			b.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(step)
	}
}

// settle waits until no job of any kind is left to run.
func (br *benchApp) settle(b *testing.B) {
	b.Helper()
	br.wait(b, "the job queue to drain", 20*time.Millisecond, func() bool { return queueEmpty(b, br.app.Store()) })
}

// expectServices checks that the store tracks n services and the fake holds one PRC issue for each.
func (br *benchApp) expectServices(b *testing.B, n int) {
	b.Helper()
	svcs, err := br.app.Store().ServicesByInstallation(context.Background(), installation)
	if err != nil {
		b.Fatal(err)
	}
	if len(svcs) != n {
		b.Fatalf("%d services tracked, want %d", len(svcs), n)
	}
	issues := 0
	for k := range n {
		issues += len(prcIssuesOf(br.fake, &githubfake.Repo{Owner: org, Name: fmt.Sprintf("svc-%d", k)}))
	}
	if issues != n {
		b.Fatalf("%d PRC issues for %d services, want one each", issues, n)
	}
}

// storeSize is the bytes the store occupies: SQLite's files, or the PostgreSQL database.
func (br *benchApp) storeSize(b *testing.B) int64 {
	b.Helper()
	if br.sc.DatabaseURL == "" {
		var size int64
		files, _ := filepath.Glob(filepath.Join(br.sc.DataDir, "prc.db*"))
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
		if size == 0 {
			b.Fatalf("no SQLite database in %s", br.sc.DataDir)
		}
		return size
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, br.sc.DatabaseURL)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = conn.Close(ctx) }()
	var size int64
	if err := conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err != nil {
		b.Fatal(err)
	}
	return size
}

// prcIssuesOf lists the PRC issues of r in fake.
func prcIssuesOf(fake *githubfake.Fake, r *githubfake.Repo) []githubfake.Issue {
	return slices.DeleteFunc(fake.Issues(r.Owner, r.Name), func(is githubfake.Issue) bool {
		return is.PullRequest || !strings.HasPrefix(is.Title, "Production readiness: ")
	})
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
