package githubfake_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

func TestFaultThenSuccess(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		match githubfake.Match
		fault githubfake.Fault
		calls []int // status of each GET /repos/acme/api; 0 is success
	}{
		"502 once":          {match: githubfake.On("GET", "/repos/*/*"), fault: githubfake.Fault{Status: 502}, calls: []int{502, 0}},
		"500 twice":         {match: githubfake.On("*", "/repos/{owner}/{repo}"), fault: githubfake.Fault{Status: 500, Times: 2}, calls: []int{500, 500, 0}},
		"forever":           {match: githubfake.On("", "/repos/acme/api"), fault: githubfake.Fault{Status: 503, Times: githubfake.Forever}, calls: []int{503, 503, 503}},
		"other method only": {match: githubfake.On("POST", "/repos/*/*"), fault: githubfake.Fault{Status: 500}, calls: []int{0, 0}},
		"custom matcher": {
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/api") },
			fault: githubfake.Fault{Status: 502}, calls: []int{502, 0},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, c, _ := setup(t)
			f.Fail(tc.match, tc.fault)
			for k, want := range tc.calls {
				_, _, err := c.Repositories.Get(context.Background(), org, repo)
				if got := status(err); got != want {
					t.Errorf("call %d: status %d (%v), want %d", k, got, err, want)
				}
			}
		})
	}
}

func TestSecondaryRateLimit(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), githubfake.Fault{SecondaryRateLimit: true, RetryAfter: 1500 * time.Millisecond})
	_, _, err := c.Issues.Create(context.Background(), org, repo, &github.IssueRequest{Title: github.String("t")})
	var abuse *github.AbuseRateLimitError
	if !errors.As(err, &abuse) {
		t.Fatalf("err = %v, want AbuseRateLimitError", err)
	}
	if abuse.GetRetryAfter() != 2*time.Second || !strings.Contains(abuse.Message, "secondary rate limit") {
		t.Errorf("retry after %v, message %q", abuse.GetRetryAfter(), abuse.Message)
	}
	if len(f.Issues(org, repo)) != 0 || f.PendingFaults() != 0 {
		t.Errorf("issues %d, pending faults %d; want none", len(f.Issues(org, repo)), f.PendingFaults())
	}
	// go-github refuses further calls itself until Retry-After passes, so a
	// fresh client shows the fault is used up.
	if _, _, err := client(t, f, instID).Issues.Create(context.Background(), org, repo, &github.IssueRequest{Title: github.String("t")}); err != nil {
		t.Errorf("after the fault: %v", err)
	}
}

func TestSlowResponses(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); err != nil { // fetch the token first
		t.Fatal(err)
	}
	f.Fail(githubfake.On("GET", "/repos/acme/api"), githubfake.Fault{Delay: 150 * time.Millisecond, Times: 2})

	start := time.Now()
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); err != nil {
		t.Fatalf("slow call: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("slow call took %v, want at least 150ms", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := c.Repositories.Get(ctx, org, repo); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("impatient call: %v, want deadline exceeded", err)
	}
	if got := f.Requests().Faulted; got != 2 {
		t.Errorf("faulted = %d, want 2", got)
	}
}

func TestTokenIssuanceFault(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.Fail(githubfake.On("POST", "/app/installations/{id}/access_tokens"), githubfake.Fault{Status: 502})
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); httpStatus(err) != 502 {
		t.Errorf("first call: %v, want 502 from the token request", err)
	}
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); err != nil {
		t.Errorf("second call: %v", err)
	}
	if got := f.Requests().TokensIssued; got != 1 {
		t.Errorf("tokens issued = %d, want 1", got)
	}
}
