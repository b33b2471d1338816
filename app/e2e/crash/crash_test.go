package crash

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

const (
	secret       = "crash-secret"
	installation = int64(4242)
	org          = "acme"
	repos        = 10
	// recoveryBudget is how long after the restart all work must be done.
	recoveryBudget = 2 * time.Minute
)

// TestSIGKILLMidWorkThenRestartFinishesEverythingOnce kills `prc serve` while its jobs hold
// GitHub requests open, restarts it on the same database, and expects every repository to end
// with exactly one PRC issue, without a duplicate comment, within recoveryBudget of the restart.
func TestSIGKILLMidWorkThenRestartFinishesEverythingOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test waits for River to rescue jobs a killed process left running")
	}
	bin := buildPRC(t)
	storetest.Run(t, func(t *testing.T, engine string) {
		c := newCrash(t, engine, bin)
		// The first issue is created but its answer never comes; every other mutation of the
		// installation waits its turn behind it, so the killed process leaves jobs running.
		c.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"),
			githubfake.Fault{AfterServe: true, Delay: time.Hour})
		first := startPRC(t, bin, c.env)
		var created []*githubfake.Repo
		for i := range repos {
			r := c.fake.AddRepo(installation, org, fmt.Sprintf("svc-%d", i), map[string]string{"README.md": "# svc\n"})
			created = append(created, r)
			c.deliver(first, r)
		}
		c.waitMidWork(created)
		first.kill()

		restart := time.Now()
		second := startPRC(t, bin, c.env)
		c.waitDone(created, restart)
		recovery := time.Since(restart)
		t.Logf("%s: all work done %v after the restart (budget %v)", engine, recovery.Round(100*time.Millisecond), recoveryBudget)
		if err := second.stop(); err != nil {
			t.Errorf("graceful stop after recovery: %v\n%s", err, second.logs)
		}
		c.assertOnce(created)
	})
}

// crash is one GitHub fake, one database and the environment of the prc processes using them.
type crash struct {
	t     *testing.T
	fake  *githubfake.Fake
	store *store.Store // reads the queue the processes share
	env   []string
}

func newCrash(t *testing.T, engine, bin string) *crash {
	t.Helper()
	fake := githubfake.New(t)
	fake.AddInstallation(installation, org)
	sc := storetest.Config(t, engine)
	if sc.DataDir == "" { // PostgreSQL: the session key still lives in the data directory
		sc.DataDir = t.TempDir()
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"PRC_APP_ID=" + strconv.FormatInt(fake.AppID(), 10),
		"PRC_PRIVATE_KEY=" + string(fake.PrivateKeyPEM()),
		"PRC_WEBHOOK_SECRET=" + secret,
		"PRC_GITHUB_API_URL=" + fake.URL() + "/",
		"PRC_GITHUB_URL=" + fake.URL(),
		"PRC_LISTEN=127.0.0.1:0",
		"PRC_LOG_FORMAT=json",
		"PRC_DATA_DIR=" + sc.DataDir,
		"PRC_DATABASE_URL=" + sc.DatabaseURL,
	}
	return &crash{t: t, fake: fake, store: storetest.OpenConfig(t, sc, nil), env: env}
}

// deliver sends the repository-created webhook for r to p.
func (c *crash) deliver(p *proc, r *githubfake.Repo) {
	c.t.Helper()
	payload := fixtures.Payload(c.t, "repository/created")
	fixtures.Set(payload, "installation", map[string]any{"id": installation, "node_id": "inst"})
	fixtures.Set(payload, "repository", map[string]any{"id": r.ID, "node_id": fmt.Sprintf("R_%d", r.ID), "name": r.Name,
		"full_name": r.FullName, "private": r.Private, "default_branch": r.DefaultBranch,
		"owner": map[string]any{"login": r.Owner, "id": 1, "type": "Organization"}})
	fixtures.Set(payload, "sender", map[string]any{"login": "octocat", "id": 1, "type": "User"})
	d := fixtures.Delivery{Event: "repository", ID: fixtures.NewDeliveryID(), Payload: payload}
	if code := d.Post(c.t, p.url(), secret); code != http.StatusAccepted {
		c.t.Fatalf("delivery for %s answered %d, want 202", r.FullName, code)
	}
}

// waitMidWork waits until the held creation is in flight with reconciles running, and checks
// that work is left to do.
func (c *crash) waitMidWork(created []*githubfake.Repo) {
	c.t.Helper()
	c.eventually("an issue creation held open while reconciles run", time.Minute, func() bool {
		return c.fake.Requests().Faulted > 0 && c.jobs(jobs.ReconcileArgs{}.Kind())["running"] > 0
	})
	if n := c.reposWithIssues(created); n == len(created) {
		c.t.Fatalf("all %d repositories had an issue before the kill: no work was in flight", n)
	}
}

// waitDone waits, at most recoveryBudget from restart, for every repository to have its PRC
// issue and for no delivery or reconcile to be left to run.
func (c *crash) waitDone(created []*githubfake.Repo, restart time.Time) {
	c.t.Helper()
	c.eventually("every repository to have its issue and the queue to drain", time.Until(restart.Add(recoveryBudget)), func() bool {
		if c.reposWithIssues(created) < len(created) {
			return false
		}
		for _, kind := range []string{jobs.DeliveryArgs{}.Kind(), jobs.ReconcileArgs{}.Kind()} {
			for state, n := range c.jobs(kind) {
				if n > 0 && state != "completed" && state != "discarded" && state != "cancelled" {
					return false
				}
			}
		}
		return true
	})
	for _, kind := range []string{jobs.DeliveryArgs{}.Kind(), jobs.ReconcileArgs{}.Kind()} {
		if counts := c.jobs(kind); counts["discarded"]+counts["cancelled"] > 0 {
			c.t.Errorf("%s jobs given up: %v", kind, counts)
		}
	}
}

// assertOnce checks there is exactly one PRC issue per repository and no comment twice.
func (c *crash) assertOnce(created []*githubfake.Repo) {
	c.t.Helper()
	for _, r := range created {
		issues := prcIssues(c.fake, r)
		if len(issues) != 1 {
			c.t.Errorf("%s: %d PRC issues, want exactly 1", r.FullName, len(issues))
			continue
		}
		seen := map[string]bool{}
		for _, cm := range c.fake.Comments(r.Owner, r.Name, issues[0].Number) {
			if seen[cm.Body] {
				c.t.Errorf("%s#%d: comment posted twice: %.80q", r.FullName, issues[0].Number, cm.Body)
			}
			seen[cm.Body] = true
		}
	}
}

func (c *crash) reposWithIssues(created []*githubfake.Repo) int {
	n := 0
	for _, r := range created {
		if len(prcIssues(c.fake, r)) > 0 {
			n++
		}
	}
	return n
}

func (c *crash) jobs(kind string) map[string]int {
	c.t.Helper()
	counts, err := c.store.JobCounts(context.Background(), kind)
	if err != nil {
		c.t.Fatal(err)
	}
	return counts
}

// eventually polls cond until it holds or within runs out.
func (c *crash) eventually(what string, within time.Duration, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("timed out after %v waiting for %s", within.Round(time.Second), what)
}

// prcIssues lists the issues of r titled as PRC issues.
func prcIssues(fake *githubfake.Fake, r *githubfake.Repo) []githubfake.Issue {
	var out []githubfake.Issue
	for _, is := range fake.Issues(r.Owner, r.Name) {
		if strings.HasPrefix(is.Title, "Production readiness: ") && !is.PullRequest {
			out = append(out, is)
		}
	}
	return out
}
