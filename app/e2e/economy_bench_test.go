package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// Routes the economy figures are made of, as the fake names them.
const (
	treeRoute     = "GET /repos/{owner}/{repo}/git/trees/{sha}"
	blobRoute     = "GET /repos/{owner}/{repo}/git/blobs/{sha}"
	contentsRoute = "GET /repos/{owner}/{repo}/contents/{path}"
	reposRoute    = "GET /installation/repositories"
	burstPushes   = 50
)

// typicalService is a service repository as many teams keep one: code, a container image, a
// Kubernetes deployment, docs and a prc configuration.
var typicalService = map[string]string{
	".github/prc.yml":          "service: payments\n",
	"README.md":                "# payments\n\nTakes payments.\n",
	"go.mod":                   "module example.com/payments\n\ngo 1.23\n",
	"main.go":                  "package main\n\nfunc main() {}\n",
	"Dockerfile":               "FROM gcr.io/distroless/static\nCOPY payments /\nUSER nonroot\nENTRYPOINT [\"/payments\"]\n",
	"deploy/deploy.yml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: payments}\n  template:\n    metadata:\n      labels: {app: payments}\n    spec:\n      containers:\n        - name: payments\n          image: payments:1\n          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n            limits: {memory: 128Mi}\n",
	".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n",
}

// economy is what evaluations cost on GitHub, counted by the fake.
type economy struct {
	// coldReads are the GETs of a new repository's first evaluation, org lookups included;
	// coldFiles are those that read one of the repository's files (blobs and contents).
	coldReads, coldFiles, coldWrites int
	// warmRequests are the requests a resync spends on the unchanged repository, not counting
	// the installation's repository list; warmNotModified those answered 304.
	warmRequests, warmNotModified, warmListing int
	// burstEvaluations are the evaluations that 50 quick pushes cost, as the App counts them.
	burstEvaluations int
}

// measureEconomy runs the cold, warm and burst scenarios on engine and counts their requests;
// with orgChecklist, the organisation keeps its checklist in its .github repository.
func measureEconomy(tb testing.TB, engine string, orgChecklist string) economy {
	e := start(tb, engine)
	if orgChecklist != "" {
		e.withOrgChecklist(orgChecklist)
	}
	e.deliver("installation", e.installationPayload("created"))
	e.settle()
	r := e.repo("payments", typicalService)
	e.fake.ResetRequests()
	var m economy
	e.deliver("repository", e.payload("repository/created", r))
	e.onePRCIssue(r)
	cold := e.fake.Requests()
	m.coldReads = cold.ByMethod[http.MethodGet]
	m.coldFiles = cold.ByRoute[blobRoute] + cold.ByRoute[contentsRoute] - orgLookups(cold)
	m.coldWrites = cold.Mutations()
	if testing.Verbose() {
		tb.Logf("cold requests by route: %v", cold.ByRoute)
	}

	e.fake.ResetRequests()
	if err := e.app.Store().Enqueue(context.Background(), jobs.ResyncArgs{}, nil); err != nil {
		tb.Fatal(err)
	}
	e.settleAfter(jobs.BackfillArgs{}.Kind())
	warm := e.fake.Requests()
	if testing.Verbose() {
		tb.Logf("warm requests by path: %v", warm.ByPath)
	}
	m.warmListing = warm.ByRoute[reposRoute]
	m.warmRequests = warm.Total - m.warmListing - warm.TokensIssued
	m.warmNotModified = warm.ByStatus[http.StatusNotModified] - warm.NotModified[reposRoute]

	e.fake.ResetRequests()
	m.burstEvaluations = e.burst(r)
	return m
}

// orgLookups counts the reads that ask after the organisation's .github repository and its
// settings; reading a settings file by blob is one file read, like any other.
func orgLookups(s githubfake.Stats) int {
	n := 0
	for path, c := range s.ByPath {
		if strings.HasPrefix(path, "GET /repos/"+org+"/.github/") && !strings.Contains(path, "/git/blobs/") {
			n += c
		}
	}
	return n
}

// burst pushes burstPushes commits, the last adding a runbook, and delivers each push while the
// App's workers are stopped, so that the whole burst waits in the queue however slow the machine
// is; it then starts the workers and returns how many evaluations the burst cost, by the App's
// own count.
func (e *env) burst(r *githubfake.Repo) int {
	n := e.onePRCIssue(r).Number
	e.stop()
	e.app.Close() // Run has closed the listener already; this releases the store
	e.boot(false)
	for i := range burstPushes {
		files := map[string]string{"CHANGELOG.md": fmt.Sprintf("# %d\n", i)}
		if i == burstPushes-1 {
			files["RUNBOOK.md"] = "# Runbook\n"
		}
		e.fake.Push(r.Owner, r.Name, r.DefaultBranch, files)
		if code := delivery("push", e.pushPayload(r, "CHANGELOG.md")).Send(e.t, e.app.Handler(), secret).Code; code != http.StatusAccepted {
			e.t.Fatalf("push delivery = %d", code)
		}
	}
	if err := e.app.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.fake.ResetRequests()
	e.boot(true)
	e.settle()
	if ok, line := itemState(e.t, e.body(r, n), "docs.runbook"); !ok {
		e.t.Fatalf("after the burst the issue does not show the newest commit's runbook: %q", line)
	}
	return e.metric("prc_evaluations_total")
}

// metric reads a counter without labels from the App's /metrics.
func (e *env) metric(name string) int {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.app.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				e.t.Fatalf("metric %s: %v", line, err)
			}
			return int(n)
		}
	}
	e.t.Fatalf("metric %s not served", name)
	return 0
}

// settleAfter waits until a job of kind has completed and the queue is drained.
func (e *env) settleAfter(kind string) {
	e.t.Helper()
	e.eventually("a "+kind+" job to complete", func() bool {
		counts, err := e.app.Store().JobCounts(context.Background(), kind)
		return err == nil && counts["completed"] > 0
	})
	e.settle()
}

// coldFixedReads bounds the reads of a cold evaluation beyond one per file, as issue 9 asks: the
// repository, its branch's tree and the organisation's prc/ folder. Opening the first PRC issue
// of a new repository reads nothing.
const coldFixedReads = 3

// TestAPIEconomyGoals holds the app to issue 9's goals, counted by the fake: the resync of an
// unchanged repository costs at most 1 request, answered 304; 50 quick pushes at most 2
// evaluations; a cold evaluation at most coldFixedReads reads plus one per file read.
func TestAPIEconomyGoals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		m := measureEconomy(t, engine, "")
		t.Logf("%s: %+v", engine, m)
		if fixed := m.coldReads - m.coldFiles; fixed > coldFixedReads || m.coldFiles == 0 {
			t.Errorf("cold evaluation: %d reads for %d files, %d fixed; want at most %d fixed", m.coldReads, m.coldFiles, fixed, coldFixedReads)
		}
		if m.warmRequests > 1 || m.warmNotModified != m.warmRequests {
			t.Errorf("warm resync: %d requests, %d answered 304; want at most 1, answered 304", m.warmRequests, m.warmNotModified)
		}
		if m.burstEvaluations > 2 {
			t.Errorf("a burst of %d pushes cost %d evaluations, want at most 2", burstPushes, m.burstEvaluations)
		}
	})
}

// BenchmarkAPIEconomy reports requests per evaluation on SQLite, for an organisation without a
// .github repository and for one keeping its checklist there: run with -benchtime=1x.
func BenchmarkAPIEconomy(b *testing.B) {
	for name, list := range map[string]string{"org=absent": "", "org=checklist": orgChecklist} {
		b.Run(name, func(b *testing.B) { benchEconomy(b, list) })
	}
}

func benchEconomy(b *testing.B, list string) {
	var sum economy
	for range b.N {
		m := measureEconomy(b, store.EngineSQLite, list)
		sum.coldReads += m.coldReads
		sum.coldFiles += m.coldFiles
		sum.coldWrites += m.coldWrites
		sum.warmRequests += m.warmRequests
		sum.warmNotModified += m.warmNotModified
		sum.burstEvaluations += m.burstEvaluations
	}
	n := float64(b.N)
	b.ReportMetric(float64(sum.coldReads)/n, "cold-reads/op")
	b.ReportMetric(float64(sum.coldFiles)/n, "cold-files/op")
	b.ReportMetric(float64(sum.coldReads-sum.coldFiles)/n, "cold-fixed-reads/op")
	b.ReportMetric(float64(sum.coldWrites)/n, "cold-writes/op")
	b.ReportMetric(float64(sum.warmRequests)/n, "warm-requests/op")
	b.ReportMetric(float64(sum.warmNotModified)/n, "warm-304s/op")
	b.ReportMetric(float64(sum.burstEvaluations)/n, "burst-evaluations/op")
}
