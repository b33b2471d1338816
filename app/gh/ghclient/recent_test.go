package ghclient_test

import (
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/githubfake"
)

func TestFindIssuesShowsWhatItJustOpenedDespiteStaleLists(t *testing.T) {
	clk := githubfake.NewClock(fixed)
	e := newEnv(t, githubfake.WithClock(clk.Now))
	e.fake.StaleLists(10 * time.Second)
	c := e.client(t)
	made, err := c.CreateIssue(bg, org, repoN, gh.IssueInput{Title: ptr("Production readiness: api"), Body: ptr("b"), Labels: []string{"prc"}})
	if err != nil {
		t.Fatal(err)
	}
	e.fake.CreateIssueAs("prc[bot]", org, repoN, "Production readiness: other", "", "other-label")
	count := func(c gh.Client) int {
		t.Helper()
		found, err := c.FindIssues(bg, org, repoN, "prc")
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range found {
			if i.Number != made.Number {
				t.Errorf("found #%d, want only #%d", i.Number, made.Number)
			}
		}
		return len(found)
	}
	if n := count(c); n != 1 {
		t.Errorf("the client that opened it found %d, want 1", n)
	}
	other := e.client(t) // another process: it did not open the issue
	if n := count(other); n != 0 {
		t.Errorf("a stale list showed %d to another client, want 0: the fake is not stale", n)
	}
	clk.Advance(10 * time.Second)
	if n := count(other); n != 1 {
		t.Errorf("after the staleness, another client found %d, want 1", n)
	}
}

func TestCreateLooksPastAStaleList(t *testing.T) {
	clk := githubfake.NewClock(fixed)
	e := newEnv(t, githubfake.WithClock(clk.Now))
	e.fake.CreateIssueAs("alice", org, repoN, "older", "")
	e.fake.StaleLists(10 * time.Second)
	e.fake.CreateIssueAs("alice", org, repoN, "newer, not listed yet", "")
	e.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), githubfake.Fault{Status: 502, AfterServe: true})
	got, err := e.client(t).CreateIssue(bg, org, repoN, gh.IssueInput{Title: ptr("Production readiness: api"), Body: ptr("b")})
	if err != nil {
		t.Fatal(err)
	}
	var mine []int
	for _, i := range e.fake.Issues(org, repoN) {
		if i.Title == "Production readiness: api" {
			mine = append(mine, i.Number)
		}
	}
	if len(mine) != 1 || mine[0] != got.Number {
		t.Errorf("PRC issues %v, returned #%d; want exactly the one returned", mine, got.Number)
	}
	if n := e.fake.Requests().ByRoute["POST /repos/{owner}/{repo}/issues"]; n != 1 {
		t.Errorf("%d creates sent, want 1", n)
	}
}
