package ghclient_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
)

func TestFindIssues(t *testing.T) {
	e := newEnv(t)
	var want []int
	for k := range 105 {
		n := e.fake.CreateIssueAs("prc[bot]", org, repoN, fmt.Sprintf("Production readiness: svc-%d", k), "", "prc")
		want = append(want, n)
	}
	e.fake.CloseIssueAs("alice", org, repoN, want[3])
	e.fake.CreateIssueAs("alice", org, repoN, "unrelated", "")
	e.fake.Push(org, repoN, "pr", map[string]string{"x": "y"})
	e.fake.OpenPullRequest(org, repoN, "pr", "main", "prc")

	got, err := e.client(t).FindIssues(bg, org, repoN, "prc")
	if err != nil {
		t.Fatal(err)
	}
	var numbers []int
	closed := 0
	for _, i := range got {
		numbers = append(numbers, i.Number)
		if i.State == "closed" {
			closed++
		}
		if !i.HasLabel("prc") || i.Author != "prc[bot]" {
			t.Errorf("issue %+v", i)
		}
	}
	slices.Sort(numbers)
	if !slices.Equal(numbers, want) || closed != 1 {
		t.Errorf("found %v (%d closed); want %v with 1 closed, no pull request", numbers, closed, want)
	}
	if n := len(e.rec.requests("GET")); n != 2 {
		t.Errorf("sent %d GETs, want 2 pages", n)
	}
}

func TestIssue(t *testing.T) {
	e := newEnv(t)
	live := e.fake.CreateIssueAs("alice", org, repoN, "Title", "Body", "prc", "launch")
	deleted := e.fake.CreateIssueAs("alice", org, repoN, "Gone", "")
	e.fake.DeleteIssue(org, repoN, deleted)
	c := e.client(t)
	tests := map[string]struct {
		number  int
		want    gh.Issue
		wantErr error
	}{
		"live":    {number: live, want: gh.Issue{Number: live, Title: "Title", Body: "Body", State: "open", Labels: []string{"prc", "launch"}, Author: "alice"}},
		"deleted": {number: deleted, wantErr: gh.ErrNotFound},
		"never":   {number: 999, wantErr: gh.ErrNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.Issue(bg, org, repoN, tc.number)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && !equalIssue(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func equalIssue(a, b gh.Issue) bool {
	return a.Number == b.Number && a.Title == b.Title && a.Body == b.Body && a.State == b.State &&
		a.Author == b.Author && slices.Equal(a.Labels, b.Labels)
}

func TestCreateIssue(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	got, err := c.CreateIssue(bg, org, repoN, gh.IssueInput{Title: ptr("Production readiness: api"), Body: ptr("body"), Labels: []string{"prc"}})
	if err != nil {
		t.Fatal(err)
	}
	stored, ok := e.fake.Issue(org, repoN, got.Number)
	if !ok || stored.Title != "Production readiness: api" || stored.Body != "body" || !slices.Equal(stored.Labels, []string{"prc"}) ||
		stored.Author != e.fake.BotLogin() {
		t.Errorf("stored %+v", stored)
	}
	if got.Author != e.fake.BotLogin() || got.State != "open" {
		t.Errorf("returned %+v", got)
	}
	if _, err := c.CreateIssue(bg, org, repoN, gh.IssueInput{Body: ptr("no title")}); err == nil {
		t.Error("created an issue without a title")
	}
	if n := len(e.fake.Issues(org, repoN)); n != 1 {
		t.Errorf("%d issues, want 1", n)
	}
}

func TestEditIssue(t *testing.T) {
	tests := map[string]struct {
		in   gh.IssueInput
		want gh.Issue
	}{
		"body only":    {in: gh.IssueInput{Body: ptr("new")}, want: gh.Issue{Title: "T", Body: "new", State: "open", Labels: []string{"prc", "x"}}},
		"title only":   {in: gh.IssueInput{Title: ptr("T2")}, want: gh.Issue{Title: "T2", Body: "B", State: "open", Labels: []string{"prc", "x"}}},
		"close":        {in: gh.IssueInput{State: ptr("closed")}, want: gh.Issue{Title: "T", Body: "B", State: "closed", Labels: []string{"prc", "x"}}},
		"labels":       {in: gh.IssueInput{Labels: []string{"launch"}}, want: gh.Issue{Title: "T", Body: "B", State: "open", Labels: []string{"launch"}}},
		"clear labels": {in: gh.IssueInput{Labels: []string{}}, want: gh.Issue{Title: "T", Body: "B", State: "open"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			n := e.fake.CreateIssueAs("prc[bot]", org, repoN, "T", "B", "prc", "x")
			got, err := e.client(t).EditIssue(bg, org, repoN, n, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := e.fake.Issue(org, repoN, n)
			tc.want.Number, tc.want.Author = n, "prc[bot]"
			asSeen := gh.Issue{Number: n, Title: stored.Title, Body: stored.Body, State: stored.State, Labels: stored.Labels, Author: stored.Author}
			if !equalIssue(asSeen, tc.want) || !equalIssue(got, tc.want) {
				t.Errorf("stored %+v, returned %+v; want %+v", asSeen, got, tc.want)
			}
		})
	}
}

func TestEditIssueTooLongIsAPlainError(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("prc[bot]", org, repoN, "T", "B")
	_, err := e.client(t).EditIssue(bg, org, repoN, n, gh.IssueInput{Body: ptr(strings.Repeat("x", 70000))})
	var later *gh.RetryLaterError
	if err == nil || errors.As(err, &later) || errors.Is(err, gh.ErrNotFound) {
		t.Fatalf("err = %v, want a plain error", err)
	}
	for _, part := range []string{"422", "Validation Failed", "body"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}

func TestComment(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t)
	if err := c.Comment(bg, org, repoN, n, "Only people with write access can tick items."); err != nil {
		t.Fatal(err)
	}
	got := e.fake.Comments(org, repoN, n)
	if len(got) != 1 || got[0].Body != "Only people with write access can tick items." || got[0].Author != e.fake.BotLogin() {
		t.Errorf("comments %+v", got)
	}
	if err := c.Comment(bg, org, repoN, 999, "x"); !errors.Is(err, gh.ErrNotFound) {
		t.Errorf("comment on a missing issue: %v, want ErrNotFound", err)
	}
}
