package ghclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

var fixed = time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)

func clock() time.Time { return fixed }

func TestFaults(t *testing.T) {
	issuePath := "/repos/acme/api/issues/1"
	read := func(c gh.Client) error { _, err := c.Issue(bg, org, repoN, 1); return err }
	write := func(c gh.Client) error { return c.Comment(bg, org, repoN, 1, "hi") }
	tests := map[string]struct {
		method, path    string
		fault           githubfake.Fault
		call            func(gh.Client) error
		wantAt          time.Duration // 0: no RetryLaterError expected
		wantUnavailable bool
		wantSent        int
		wantIn          string // in a plain error
	}{
		"read 502 once is retried":     {method: "GET", path: issuePath, fault: githubfake.Fault{Status: 502}, call: read, wantSent: 2},
		"read 502 four times retried":  {method: "GET", path: issuePath, fault: githubfake.Fault{Status: 502, Times: 4}, call: read, wantSent: 5},
		"read 502 five times gives up": {method: "GET", path: issuePath, fault: githubfake.Fault{Status: 502, Times: 5}, call: read, wantSent: 5, wantUnavailable: true},
		"read reset is retried":        {method: "GET", path: issuePath, fault: githubfake.Fault{Reset: true, Times: 2}, call: read, wantSent: 3},
		"comment 503 looks, then posts": {method: "POST", path: issuePath + "/comments", fault: githubfake.Fault{Status: 503}, call: write,
			wantSent: 3},
		"secondary rate limit": {method: "GET", path: issuePath,
			fault: githubfake.Fault{SecondaryRateLimit: true, RetryAfter: 42 * time.Second}, call: read, wantAt: 42 * time.Second, wantSent: 1},
		"secondary rate limit without Retry-After": {method: "GET", path: issuePath,
			fault: githubfake.Fault{SecondaryRateLimit: true}, call: read, wantAt: time.Minute, wantSent: 1},
		"429 with Retry-After": {method: "POST", path: issuePath + "/comments", fault: githubfake.Fault{Status: 429, RetryAfter: 7 * time.Second},
			call: write, wantAt: 7 * time.Second, wantSent: 1},
		"plain 403": {method: "POST", path: issuePath + "/comments",
			fault: githubfake.Fault{Status: 403, Message: "Resource not accessible by integration"}, call: write, wantSent: 1,
			wantIn: "403: Resource not accessible by integration"},
		"token 503 twice is retried": {method: "POST", path: "/app/installations/*/access_tokens", fault: githubfake.Fault{Status: 503, Times: 2},
			call: read, wantSent: 1},
		"token 503 five times gives up": {method: "POST", path: "/app/installations/*/access_tokens", fault: githubfake.Fault{Status: 503, Times: 5},
			call: read, wantUnavailable: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.CreateIssueAs("alice", org, repoN, "T", "")
			e.fake.Fail(githubfake.On(tc.method, tc.path), tc.fault)
			err := tc.call(e.client(t, ghclient.WithClock(clock)))
			checkRetryLater(t, err, tc.wantAt)
			if got := errors.Is(err, gh.ErrUnavailable); got != tc.wantUnavailable {
				t.Errorf("err = %v: unavailable %v, want %v", err, got, tc.wantUnavailable)
			}
			if tc.wantAt == 0 && !tc.wantUnavailable && tc.wantIn == "" && err != nil {
				t.Errorf("err = %v, want success", err)
			}
			if tc.wantIn != "" && (err == nil || !strings.Contains(err.Error(), tc.wantIn)) {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantIn)
			}
			if n := apiRequests(e.fake); n != tc.wantSent {
				t.Errorf("sent %d API requests, want %d", n, tc.wantSent)
			}
			if left := e.fake.PendingFaults(); left != 0 {
				t.Errorf("%d faults not reached", left)
			}
		})
	}
}

// checkRetryLater checks err is a RetryLaterError at fixed+after, or, for after 0, that err is not one.
func checkRetryLater(t *testing.T, err error, after time.Duration) {
	t.Helper()
	var later *gh.RetryLaterError
	isLater := errors.As(err, &later)
	switch {
	case after == 0 && isLater:
		t.Errorf("err = %v, want no RetryLaterError", err)
	case after != 0 && !isLater:
		t.Errorf("err = %v, want a RetryLaterError", err)
	case after != 0 && !later.At.Equal(fixed.Add(after)):
		t.Errorf("retry at %s, want %s", later.At, fixed.Add(after))
	}
}

func TestPrimaryRateLimitRetriesAtReset(t *testing.T) {
	e := newEnv(t, githubfake.WithRateLimit(2))
	c := e.client(t, ghclient.WithETagCache(0))
	var err error
	for range 3 {
		if _, err = c.Repository(bg, org, repoN); err != nil {
			break
		}
	}
	var later *gh.RetryLaterError
	if !errors.As(err, &later) {
		t.Fatalf("err = %v, want a RetryLaterError", err)
	}
	if wait := time.Until(later.At); wait < 58*time.Minute || wait > 61*time.Minute {
		t.Errorf("retry in %s, want at the window's reset, about an hour", wait)
	}
	if _, err := c.Repository(bg, org, repoN); !errors.As(err, &later) {
		t.Errorf("next call: %v, want a RetryLaterError without a request", err)
	}
	// The second answer said 0 remaining; go-github holds back from then on.
	if n := len(e.rec.requests("")); n != 2 {
		t.Errorf("sent %d requests, want 2", n)
	}
}

func TestTimedOutAttemptsAreRetried(t *testing.T) {
	tests := map[string]struct {
		times           int
		wantUnavailable bool
	}{
		"one slow answer":   {times: 1},
		"every answer slow": {times: 3, wantUnavailable: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{Delay: 5 * time.Second, Times: tc.times})
			c := e.client(t, ghclient.WithClock(clock), ghclient.WithTimeout(100*time.Millisecond), ghclient.WithTries(3))
			_, err := c.Repository(bg, org, repoN)
			checkRetryLater(t, err, 0)
			if got := errors.Is(err, gh.ErrUnavailable); got != tc.wantUnavailable || (err != nil) != tc.wantUnavailable {
				t.Errorf("err = %v, want unavailable %v", err, tc.wantUnavailable)
			}
		})
	}
}

func TestCallerCancellationIsNotRetriedLater(t *testing.T) {
	e := newEnv(t)
	e.fake.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	_, err := e.client(t).Repository(ctx, org, repoN)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
	checkRetryLater(t, err, 0)
}

func TestRefusalsAreLoggedAndCountedOnce(t *testing.T) {
	e := newEnv(t)
	log, hook := logtest.NewNullLogger()
	reg := prometheus.NewRegistry()
	c := e.client(t, ghclient.WithLogger(log), ghclient.WithRegisterer(reg))
	e.fake.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{SecondaryRateLimit: true, RetryAfter: time.Minute})
	if _, err := c.Repository(bg, org, repoN); err == nil {
		t.Fatal("no error")
	}
	if _, err := c.Repository(bg, org, repoN); err == nil {
		t.Fatal("no error while go-github holds back")
	}
	var warnings []*logrus.Entry
	for _, en := range hook.AllEntries() {
		if en.Level == logrus.WarnLevel {
			warnings = append(warnings, en)
		}
	}
	if len(warnings) != 1 {
		t.Fatalf("%d warnings, want 1", len(warnings))
	}
	f := warnings[0].Data
	if f["github_status"] != 403 || f["refusal"] != "secondary" || f["installation"] != inst || f["retry_after"] != "60" {
		t.Errorf("fields %v", f)
	}
	if got := refused(t, reg, "403", "secondary"); got != 1 {
		t.Errorf("prc_github_refused_total{403,secondary} = %v, want 1", got)
	}
}

// refused reads the refusal counter for a status and kind.
func refused(t *testing.T, reg *prometheus.Registry, status, kind string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "prc_github_refused_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["status"] == status && labels["kind"] == kind {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func TestGoneInstallations(t *testing.T) {
	tests := map[string]func(f *githubfake.Fake){
		"uninstalled": func(f *githubfake.Fake) { f.RemoveInstallation(inst) },
		"suspended":   func(f *githubfake.Fake) { f.SuspendInstallation(inst, true) },
	}
	for name, gone := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			gone(e.fake)
			_, err := e.client(t).Repository(bg, org, repoN)
			if !errors.Is(err, gh.ErrInstallationGone) || errors.Is(err, gh.ErrNotFound) || errors.Is(err, gh.ErrUnavailable) {
				t.Errorf("err = %v, want gh.ErrInstallationGone alone", err)
			}
			if n := e.fake.Requests().ByRoute["POST /app/installations/{id}/access_tokens"]; n != 1 {
				t.Errorf("%d token requests, want 1: nothing to retry", n)
			}
		})
	}
}
