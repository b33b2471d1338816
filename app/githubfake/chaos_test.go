package githubfake_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

func TestFailRandomlyMeetsItsRate(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t, githubfake.WithSeed(3))
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); err != nil { // token first
		t.Fatal(err)
	}
	f.FailRandomly(githubfake.On("GET", "/repos/{owner}/{repo}"), 0.2)
	failed := 0
	const n = 500
	for range n {
		_, _, err := c.Repositories.Get(context.Background(), org, repo)
		switch s := status(err); s {
		case 0:
		case 500, 502, 503:
			failed++
		default:
			t.Fatalf("status %d (%v)", s, err)
		}
	}
	if failed < n*15/100 || failed > n*25/100 {
		t.Errorf("%d of %d failed, want about 20%%", failed, n)
	}
	f.StopFailing()
	if _, _, err := c.Repositories.Get(context.Background(), org, repo); err != nil {
		t.Errorf("after StopFailing: %v", err)
	}
}

func TestResetDropsTheConnection(t *testing.T) {
	t.Parallel()
	f, _, _ := setup(t)
	f.Fail(githubfake.On("GET", "/repos/{owner}/{repo}"), githubfake.Fault{Reset: true})
	// A transport of its own, so that no kept-alive connection is retried by net/http.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Get(f.URL() + "/repos/acme/api")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got %s, want a dropped connection", resp.Status)
	}
	if st := f.Requests(); st.ByStatus[0] != 1 || st.Faulted != 1 {
		t.Errorf("stats %+v, want one dropped answer", st.ByStatus)
	}
}

func TestAfterServeFaultHasItsEffect(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	f.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), githubfake.Fault{Status: 502, AfterServe: true})
	_, _, err := c.Issues.Create(context.Background(), org, repo, &github.IssueRequest{Title: github.String("t")})
	if status(err) != 502 {
		t.Fatalf("err = %v, want 502", err)
	}
	if n := len(f.Issues(org, repo)); n != 1 {
		t.Errorf("%d issues, want the one created behind the 502", n)
	}
}

func TestStaleListsHideNewIssuesForAWhile(t *testing.T) {
	t.Parallel()
	clk := githubfake.NewClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	f, c, _ := setup(t, githubfake.WithClock(clk.Now))
	f.StaleLists(5 * time.Second)
	ctx := context.Background()
	made, _, err := c.Issues.Create(ctx, org, repo, &github.IssueRequest{Title: github.String("t")})
	if err != nil {
		t.Fatal(err)
	}
	listed := func() int {
		l, _, err := c.Issues.ListByRepo(ctx, org, repo, &github.IssueListByRepoOptions{State: "all"})
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	if n := listed(); n != 0 {
		t.Errorf("listed %d right after creating, want 0", n)
	}
	if _, _, err := c.Issues.Get(ctx, org, repo, made.GetNumber()); err != nil {
		t.Errorf("read by number: %v", err)
	}
	clk.Advance(5 * time.Second)
	if n := listed(); n != 1 {
		t.Errorf("listed %d after 5s, want 1", n)
	}
}

func TestNotModifiedIsCountedAndFree(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t, githubfake.WithRateLimit(10))
	ctx := context.Background()
	_, first, err := c.Repositories.Get(ctx, org, repo)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := c.NewRequest("GET", "repos/acme/api", nil)
	req.Header.Set("If-None-Match", first.Header.Get("ETag"))
	resp, err := c.BareDo(ctx, req)
	if resp == nil || resp.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET: %v %v, want 304", resp, err)
	}
	if got, want := resp.Header.Get("X-RateLimit-Remaining"), first.Header.Get("X-RateLimit-Remaining"); got != want {
		t.Errorf("remaining after a 304 = %s, want %s as before it", got, want)
	}
	st := f.Requests()
	if st.NotModified["GET /repos/{owner}/{repo}"] != 1 || st.ByStatus[304] != 1 || st.ByStatus[200] != 1 {
		t.Errorf("304s %v, statuses %v", st.NotModified, st.ByStatus)
	}
}
