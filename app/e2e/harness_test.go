package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/internal/fixtures/checklists"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/sirupsen/logrus"
)

const (
	secret       = "e2e-secret"
	installation = int64(4242)
	org          = "acme"
	waitFor      = 30 * time.Second
)

// orgChecklist is a small checklist kept in the organisation's .github repository.
const orgChecklist = checklists.Org

// env is one running App against one GitHub fake.
type env struct {
	t      testing.TB
	fake   *githubfake.Fake
	cfg    config.Config
	store  store.Config
	app    *app.App
	ghOpts []ghclient.Option // after the harness's own
	opts   []app.Option      // after the harness's own
	logs   io.Writer         // where the next boot also logs, at debug level, when set
	cancel context.CancelFunc
	done   chan error
}

// start runs the App on engine against a fresh fake holding the installation.
func start(t testing.TB, engine string, ghOpts ...ghclient.Option) *env {
	t.Helper()
	e := prepare(t, engine, ghOpts...)
	e.boot(true)
	t.Cleanup(e.stop)
	return e
}

// prepare is start without booting the App, so that a test can add App options first.
func prepare(t testing.TB, engine string, ghOpts ...ghclient.Option) *env {
	t.Helper()
	fake := githubfake.New(t)
	fake.AddInstallation(installation, org)
	cfg := config.Defaults()
	cfg.AppID, cfg.PrivateKey, cfg.WebhookSecret = fake.AppID(), string(fake.PrivateKeyPEM()), secret
	cfg.GitHubAPIURL, cfg.Listen = fake.URL()+"/", "127.0.0.1:0"
	sc := storetest.Config(t, engine)
	cfg.DataDir, cfg.DatabaseURL = sc.DataDir, sc.DatabaseURL
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, fake: fake, cfg: cfg, store: sc, ghOpts: ghOpts}
}

// boot builds the App; with run it also starts serving and working.
func (e *env) boot(run bool) {
	e.t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	if testing.Verbose() {
		log.SetOutput(testWriter{e.t})
		log.SetLevel(logrus.DebugLevel)
	}
	if e.logs != nil {
		log.SetOutput(io.MultiWriter(log.Out, e.logs))
		log.SetLevel(logrus.DebugLevel)
	}
	opts := append([]app.Option{
		app.WithGitHubOptions(ghclient.WithPacing(time.Millisecond, time.Millisecond), ghclient.WithRetryDelay(10*time.Millisecond)),
		app.WithGitHubOptions(e.ghOpts...),
		app.WithStoreConfig(func(c *store.Config) { c.PollInterval = storetest.PollInterval; c.Logger = log })}, e.opts...)
	a, err := app.New(context.Background(), e.cfg, log, opts...)
	if err != nil {
		e.t.Fatal(err)
	}
	e.app = a
	if !run {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done = cancel, make(chan error, 1)
	go func() { e.done <- a.Run(ctx) }()
	e.eventually("the App is ready", func() bool { return e.get("/readyz") == http.StatusOK })
}

// stop shuts the App down gracefully.
func (e *env) stop() {
	if e.cancel == nil {
		return
	}
	e.cancel()
	if err := <-e.done; err != nil {
		e.t.Errorf("app stopped with %v", err)
	}
	e.cancel = nil
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (e *env) url() string { return "http://" + e.app.Addr() }

func (e *env) get(path string) int {
	resp, err := http.Get(e.url() + path)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// deliver signs and posts a webhook, expecting it to be accepted.
func (e *env) deliver(event string, payload map[string]any) string {
	e.t.Helper()
	d := fixtures.Delivery{Event: event, ID: fixtures.NewDeliveryID(), Payload: payload}
	if code := d.Post(e.t, e.url(), secret); code != http.StatusAccepted {
		e.t.Fatalf("delivery %s answered %d, want 202", event, code)
	}
	return d.ID
}

// eventually polls cond until it holds or the wait runs out.
func (e *env) eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("timed out waiting for %s", what)
}

// settle waits until the job queue has nothing left to run.
func (e *env) settle() {
	e.t.Helper()
	e.eventually("the job queue to drain", e.queueEmpty)
}

// queueEmpty reports whether no job of any kind waits or runs.
func (e *env) queueEmpty() bool { return queueEmpty(e.t, e.app.Store()) }

// queueEmpty reports whether st holds no job of any kind that waits or runs.
func queueEmpty(tb testing.TB, st *store.Store) bool {
	for _, k := range jobs.Kinds() {
		counts, err := st.JobCounts(context.Background(), k)
		if err != nil {
			tb.Fatal(err)
		}
		for _, state := range []string{"available", "running", "retryable", "scheduled", "pending"} {
			if counts[state] > 0 {
				return false
			}
		}
	}
	return true
}

// repo creates a repository in the fake.
func (e *env) repo(name string, files map[string]string) *githubfake.Repo {
	return e.fake.AddRepo(installation, org, name, files)
}

// payload loads a fixture and points it at this installation and repository.
func (e *env) payload(fixture string, r *githubfake.Repo) map[string]any {
	p := fixtures.Payload(e.t, fixture)
	fixtures.Set(p, "installation", map[string]any{"id": installation, "node_id": "inst"})
	if r != nil {
		fixtures.Set(p, "repository", repoObject(r))
	}
	fixtures.Set(p, "sender", map[string]any{"login": "octocat", "id": 1, "type": "User"})
	return p
}

func repoObject(r *githubfake.Repo) map[string]any {
	return map[string]any{"id": r.ID, "node_id": fmt.Sprintf("R_%d", r.ID), "name": r.Name, "full_name": r.FullName, "private": r.Private,
		"default_branch": r.DefaultBranch, "owner": map[string]any{"login": r.Owner, "id": 1, "type": "Organization"}}
}

// prcIssues lists the issues of a repository titled as PRC issues.
func (e *env) prcIssues(r *githubfake.Repo) []githubfake.Issue {
	var out []githubfake.Issue
	for _, is := range e.fake.Issues(r.Owner, r.Name) {
		if strings.HasPrefix(is.Title, "Production readiness: ") && !is.PullRequest {
			out = append(out, is)
		}
	}
	return out
}

// onePRCIssue waits for exactly one PRC issue and returns it.
func (e *env) onePRCIssue(r *githubfake.Repo) githubfake.Issue {
	e.t.Helper()
	e.eventually("a PRC issue in "+r.FullName, func() bool { return len(e.prcIssues(r)) > 0 })
	e.settle()
	issues := e.prcIssues(r)
	if len(issues) != 1 {
		e.t.Fatalf("%d PRC issues in %s, want exactly 1", len(issues), r.FullName)
	}
	return issues[0]
}

func delivery(event string, payload map[string]any) fixtures.Delivery {
	return fixtures.Delivery{Event: event, ID: fixtures.NewDeliveryID(), Payload: payload}
}

// installationPayload is an installation event for this installation and account.
func (e *env) installationPayload(action string) map[string]any {
	p := e.payload("installation/created", nil)
	fixtures.Set(p, "action", action)
	fixtures.Set(p, "installation", map[string]any{"id": installation, "account": map[string]any{"login": org, "type": "Organization"}})
	delete(p, "repositories")
	return p
}

// pushPayload is a push to the default branch of r at its current head.
func (e *env) pushPayload(r *githubfake.Repo, changed ...string) map[string]any {
	p := e.payload("push", r)
	fixtures.Set(p, "ref", "refs/heads/"+r.DefaultBranch)
	fixtures.Set(p, "after", e.fake.Head(r.Owner, r.Name, r.DefaultBranch))
	fixtures.Set(p, "deleted", false)
	fixtures.Set(p, "commits", []any{map[string]any{"id": "c1", "added": []any{}, "removed": []any{}, "modified": toAny(changed)}})
	return p
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
