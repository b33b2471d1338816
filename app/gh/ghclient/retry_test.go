package ghclient_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

// sleeps records the waits between retries instead of sleeping.
type sleeps struct {
	mu  sync.Mutex
	got []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, d)
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// highest jitter: every wait is its limit, so the doubling shows.
func highest(limit time.Duration) time.Duration { return limit }

func TestBackoffDoublesUpToTheCapThenGivesUp(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{Status: 503, Times: githubfake.Forever})
	s := &sleeps{}
	log, hook := logtest.NewNullLogger()
	c := e.client(t, ghclient.WithBackoff(time.Second, 4*time.Second), ghclient.WithTries(6),
		ghclient.WithSleeper(s.sleep), ghclient.WithJitter(highest), ghclient.WithLogger(log))
	_, err := c.Repository(bg, org, repoN)
	if !errors.Is(err, gh.ErrUnavailable) {
		t.Fatalf("err = %v, want gh.ErrUnavailable", err)
	}
	var later *gh.RetryLaterError
	if errors.As(err, &later) {
		t.Errorf("err = %v: a 5xx is not GitHub asking to slow down", err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
	if got := s.waits(); !slices.Equal(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
	if n := apiRequests(e.fake); n != 6 {
		t.Errorf("sent %d requests, want 6", n)
	}
	if !logged(hook, logrus.WarnLevel, "giving up") {
		t.Error("no warning on giving up")
	}
}

func TestDefaultBackoffStartsNearASecondWithFullJitter(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{Status: 502, Times: 4})
	s := &sleeps{}
	cs, err := ghclient.New(ghclient.Config{AppID: e.fake.AppID(), PrivateKeyPEM: e.fake.PrivateKeyPEM(), BaseURL: e.fake.URL() + "/"},
		ghclient.WithSleeper(s.sleep))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cs.Installation(bg, inst)
	if _, err := c.Repository(bg, org, repoN); err != nil {
		t.Fatalf("after 4 failures: %v", err)
	}
	got := s.waits()
	limits := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if len(got) != len(limits) {
		t.Fatalf("waits %v, want %d", got, len(limits))
	}
	for k, d := range got {
		if d < 0 || d > limits[k] {
			t.Errorf("wait %d is %v, want within [0, %v]", k+1, d, limits[k])
		}
	}
}

func TestCreatesLookBeforeCreatingAgain(t *testing.T) {
	tests := map[string]struct {
		fault     githubfake.Fault
		wantPosts int
	}{
		"failed before creating": {fault: githubfake.Fault{Status: 502}, wantPosts: 2},
		"created, answer lost":   {fault: githubfake.Fault{Status: 502, AfterServe: true}, wantPosts: 1},
		"created, conn reset":    {fault: githubfake.Fault{Reset: true, AfterServe: true}, wantPosts: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			c := e.client(t)
			e.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), tc.fault)
			got, err := c.CreateIssue(bg, org, repoN, gh.IssueInput{Title: ptr("Production readiness: api"), Body: ptr("body")})
			if err != nil {
				t.Fatal(err)
			}
			issues := e.fake.Issues(org, repoN)
			if len(issues) != 1 || got.Number != issues[0].Number {
				t.Errorf("issues %+v, returned #%d; want exactly the one returned", issues, got.Number)
			}
			if n := e.fake.Requests().ByRoute["POST /repos/{owner}/{repo}/issues"]; n != tc.wantPosts {
				t.Errorf("%d creates sent, want %d", n, tc.wantPosts)
			}

			e.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues/{number}/comments"), tc.fault)
			if err := c.Comment(bg, org, repoN, got.Number, "hello"); err != nil {
				t.Fatal(err)
			}
			if cs := e.fake.Comments(org, repoN, got.Number); len(cs) != 1 {
				t.Errorf("%d comments, want 1", len(cs))
			}
		})
	}
}

func TestCheckRunCreateLooksBeforeCreatingAgain(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	e.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/check-runs"), githubfake.Fault{Status: 500, AfterServe: true})
	run := gh.CheckRun{Name: "readiness", HeadSHA: e.repo.HeadSHA, Status: "completed", Conclusion: "success", Title: "ok", Summary: "fine"}
	id, err := c.UpsertCheckRun(bg, org, repoN, run)
	if err != nil {
		t.Fatal(err)
	}
	runs := e.fake.CheckRuns(org, repoN, e.repo.HeadSHA)
	if len(runs) != 1 || runs[0].ID != id {
		t.Errorf("runs %+v, id %d; want exactly the one returned", runs, id)
	}
}

func TestSecondaryLimitsPauseTheInstallation(t *testing.T) {
	clk := githubfake.NewClock(fixed)
	e := newEnv(t)
	log, hook := logtest.NewNullLogger()
	c := e.client(t, ghclient.WithClock(clk.Now), ghclient.WithLogger(log))
	read := func() error { _, err := c.Issue(bg, org, repoN, 1); return err }
	e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	secondary := githubfake.Fault{SecondaryRateLimit: true}
	steps := []struct {
		name      string
		fault     *githubfake.Fault
		advance   time.Duration
		wantAfter time.Duration // from the clock at the call; 0: success
		wantSent  int           // requests sent by this step
	}{
		{name: "first: a minute, not x-ratelimit-reset", fault: &secondary, wantAfter: time.Minute, wantSent: 1},
		{name: "paused: nothing sent", advance: 30 * time.Second, wantAfter: 30 * time.Second},
		{name: "repeat: two minutes", fault: &secondary, advance: 31 * time.Second, wantAfter: 2 * time.Minute, wantSent: 1},
		{name: "asked 5s on a third: four minutes", fault: &githubfake.Fault{SecondaryRateLimit: true, RetryAfter: 5 * time.Second},
			advance: 2 * time.Minute, wantAfter: 4 * time.Minute, wantSent: 1},
		{name: "after the pause, success", advance: 4 * time.Minute, wantSent: 1},
		{name: "the run of limits is over: a minute again", fault: &secondary, wantAfter: time.Minute, wantSent: 1},
	}
	for _, st := range steps {
		clk.Advance(st.advance)
		if st.fault != nil {
			e.fake.Fail(githubfake.On("GET", "/repos/acme/api/issues/1"), *st.fault)
		}
		before := apiRequests(e.fake)
		err := read()
		var later *gh.RetryLaterError
		switch {
		case st.wantAfter == 0 && err != nil:
			t.Errorf("%s: %v, want success", st.name, err)
		case st.wantAfter != 0 && !errors.As(err, &later):
			t.Errorf("%s: %v, want a RetryLaterError", st.name, err)
		case st.wantAfter != 0 && !later.At.Equal(clk.Now().Add(st.wantAfter)):
			t.Errorf("%s: retry at +%v, want +%v", st.name, later.At.Sub(clk.Now()), st.wantAfter)
		}
		if n := apiRequests(e.fake) - before; n != st.wantSent {
			t.Errorf("%s: sent %d, want %d", st.name, n, st.wantSent)
		}
	}
	if logged(hook, logrus.InfoLevel, "retrying") {
		t.Error("a secondary limit was retried at once")
	}
}

func TestPrimaryLimitPausesUntilResetAndBudgetIsTracked(t *testing.T) {
	e := newEnv(t, githubfake.WithRateLimit(3))
	cs := e.clients(t, ghclient.WithETagCache(0))
	if _, ok := cs.Budget(inst); ok {
		t.Error("a budget before any request")
	}
	c, _ := cs.Installation(bg, inst)
	for k := range 3 {
		if _, err := c.Repository(bg, org, repoN); err != nil {
			t.Fatalf("call %d: %v", k+1, err)
		}
		b, ok := cs.Budget(inst)
		if !ok || b.Limit != 3 || b.Remaining != 2-k {
			t.Errorf("after call %d: budget %+v %v, want %d of 3 left", k+1, b, ok, 2-k)
		}
	}
	// Another method, so go-github's own primary-limit check cannot be what holds back.
	_, err := c.Issue(bg, org, repoN, 1)
	var later *gh.RetryLaterError
	if !errors.As(err, &later) {
		t.Fatalf("err = %v, want a RetryLaterError", err)
	}
	b, _ := cs.Budget(inst)
	if !later.At.Equal(b.Reset) || time.Until(b.Reset) < 59*time.Minute {
		t.Errorf("retry at %v, want the window's reset %v, about an hour away", later.At, b.Reset)
	}
	if n := apiRequests(e.fake); n != 3 {
		t.Errorf("sent %d requests, want 3: none once the budget was spent", n)
	}
}

func TestRefusedConnectionIsUnavailableNotASlowDown(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	log, hook := logtest.NewNullLogger()
	s := &sleeps{}
	cs, err := ghclient.New(ghclient.Config{AppID: e.fake.AppID(), PrivateKeyPEM: e.fake.PrivateKeyPEM(), BaseURL: "http://" + addr + "/"},
		ghclient.WithLogger(log), ghclient.WithSleeper(s.sleep), ghclient.WithTries(3))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cs.Installation(bg, inst)
	_, err = c.Repository(bg, org, repoN)
	var later *gh.RetryLaterError
	if !errors.Is(err, gh.ErrUnavailable) || errors.As(err, &later) {
		t.Errorf("err = %v, want gh.ErrUnavailable and no RetryLaterError", err)
	}
	if len(s.waits()) != 2 {
		t.Errorf("waits %v, want 2 retries", s.waits())
	}
	for _, en := range hook.AllEntries() {
		if strings.Contains(strings.ToLower(en.Message), "slow down") || strings.Contains(en.Message, "refused a request") {
			t.Errorf("logged %q for a refused connection", en.Message)
		}
	}
}

func TestRandomFaultsAreRidden(t *testing.T) {
	e := newEnv(t, githubfake.WithSeed(7))
	e.fake.FailRandomly(nil, 0.3, githubfake.Fault{Status: 500}, githubfake.Fault{Status: 502}, githubfake.Fault{Status: 503},
		githubfake.Fault{Reset: true})
	c := e.client(t, ghclient.WithTries(8))
	for k := range 30 {
		if _, err := c.Repository(bg, org, repoN); err != nil {
			t.Fatalf("call %d: %v", k+1, err)
		}
	}
	if f := e.fake.Requests().Faulted; f == 0 {
		t.Error("no fault was injected")
	}
}

func logged(hook *logtest.Hook, level logrus.Level, fragment string) bool {
	for _, en := range hook.AllEntries() {
		if en.Level == level && strings.Contains(en.Message, fragment) {
			return true
		}
	}
	return false
}
