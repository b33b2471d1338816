package crash

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// Repositories of each phase of the replica test: enough jobs that each replica surely takes
// some, few enough that, at one mutation a second for the installation, the run stays short.
const (
	firstPhaseRepos  = 6
	secondPhaseRepos = 6
	// mutationGap is GitHub's least spacing of an installation's mutations, prc's default pacing.
	mutationGap = time.Second
)

// TestTwoReplicasShareOneDatabase runs two `prc serve` processes on one PostgreSQL against one
// GitHub fake, with deliveries spread across both. Both replicas run jobs; the installation's
// mutations, whichever replica sends them, reach GitHub at least a second apart; and after one
// replica is killed with SIGKILL mid-work, the other finishes everything within recoveryBudget,
// with exactly one PRC issue per repository and no comment twice.
func TestTwoReplicasShareOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("the replica test waits for River to rescue the jobs of a killed replica")
	}
	if os.Getenv(storetest.EnvDatabaseURL) == "" {
		t.Skipf("two replicas need PostgreSQL: set %s", storetest.EnvDatabaseURL)
	}
	bin := buildPRC(t)
	c := newCrash(t, store.EnginePostgres, bin)
	wire := newWireLog(t, c.fake.URL())
	env := setEnv(c.env, "PRC_GITHUB_API_URL", wire.url+"/")
	replicas := []*proc{
		startPRC(t, bin, setEnv(env, "PRC_DATA_DIR", t.TempDir())),
		startPRC(t, bin, setEnv(env, "PRC_DATA_DIR", t.TempDir())),
	}
	var created []*githubfake.Repo
	deliverSpread := func(n int) {
		for range n {
			k := len(created)
			r := c.fake.AddRepo(installation, org, fmt.Sprintf("svc-%d", k), map[string]string{"README.md": "# svc\n"})
			created = append(created, r)
			c.deliver(replicas[k%2], r)
		}
	}

	deliverSpread(firstPhaseRepos)
	c.waitDone(created, time.Now())
	for i, p := range replicas {
		if n := jobsRun(t, p); n == 0 {
			t.Errorf("replica %d ran no job: the replicas do not share the queue", i)
		} else {
			t.Logf("replica %d ran %d jobs", i, n)
		}
	}

	deliverSpread(secondPhaseRepos)
	c.eventually("reconciles running with repositories left to do", time.Minute, func() bool {
		return c.jobs(jobs.ReconcileArgs{}.Kind())["running"] > 0 && c.reposWithIssues(created) < len(created)
	})
	replicas[0].kill()
	killed := time.Now()
	c.waitDone(created, killed)
	t.Logf("all work done %v after replica 0 was killed (budget %v)", time.Since(killed).Round(100*time.Millisecond), recoveryBudget)
	if err := replicas[1].stop(); err != nil {
		t.Errorf("graceful stop of the surviving replica: %v\n%s", err, replicas[1].logs)
	}
	c.assertOnce(created)
	wire.assertPaced(t, mutationGap)
}

// setEnv returns env with name set to value, replacing an earlier setting.
func setEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}

// jobsRun sums prc_jobs_total with outcome ok from the replica's /metrics: the jobs it ran itself.
func jobsRun(t *testing.T, p *proc) int {
	t.Helper()
	resp, err := http.Get(p.url() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "prc_jobs_total{") || !strings.Contains(line, `outcome="ok"`) {
			continue
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		n += int(v)
	}
	return n
}

// wireLog is a proxy in front of the fake that records when each request reached it.
type wireLog struct {
	url string

	mu   sync.Mutex
	seen []wireRequest
}

type wireRequest struct {
	at           time.Time
	method, path string
}

func newWireLog(t *testing.T, target string) *wireLog {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	w := &wireLog{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		w.seen = append(w.seen, wireRequest{at: time.Now(), method: r.Method, path: r.URL.Path})
		w.mu.Unlock()
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// assertPaced checks that the installation's mutations (every request but GET and HEAD, less the
// App's own under /app/, such as token requests) reached GitHub at least gap apart.
func (w *wireLog) assertPaced(t *testing.T, gap time.Duration) {
	t.Helper()
	w.mu.Lock()
	var muts []wireRequest
	for _, r := range w.seen {
		if r.method != http.MethodGet && r.method != http.MethodHead && !strings.HasPrefix(r.path, "/app/") {
			muts = append(muts, r)
		}
	}
	w.mu.Unlock()
	sort.Slice(muts, func(a, b int) bool { return muts[a].at.Before(muts[b].at) })
	if len(muts) < 2 {
		t.Fatalf("only %d mutations recorded", len(muts))
	}
	least := time.Hour
	for k := 1; k < len(muts); k++ {
		d := muts[k].at.Sub(muts[k-1].at)
		least = min(least, d)
		if d < gap {
			t.Errorf("%s %s reached GitHub %v after %s %s, want at least %v", muts[k].method, muts[k].path, d, muts[k-1].method, muts[k-1].path, gap)
		}
	}
	t.Logf("%d mutations of the installation from both replicas, at least %v apart", len(muts), least)
}
