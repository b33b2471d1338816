package githubfake_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestCreateIssueRealisticJSON(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	body := map[string]any{"title": "Production readiness: api", "body": "hi", "labels": []string{"prc"}}
	got, resp, err := raw(t, c, "POST", "repos/acme/api/issues", body)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %v %v", resp, err)
	}
	for _, k := range []string{"id", "node_id", "number", "html_url", "url", "created_at", "updated_at", "labels", "user", "state"} {
		if _, ok := got[k]; !ok {
			t.Errorf("issue JSON lacks %q: %v", k, got)
		}
	}
	user, _ := got["user"].(map[string]any)
	if user["login"] != f.BotLogin() || user["type"] != "Bot" {
		t.Errorf("user = %v", user)
	}
	if !strings.HasPrefix(got["html_url"].(string), "https://github.com/acme/api/issues/") {
		t.Errorf("html_url = %v", got["html_url"])
	}
	issues := f.Issues(org, repo)
	if len(issues) != 1 || issues[0].Title != "Production readiness: api" || !slices.Equal(issues[0].Labels, []string{"prc"}) {
		t.Errorf("state = %+v", issues)
	}
}

func TestCreateIssueValidation(t *testing.T) {
	t.Parallel()
	_, c, _ := setup(t)
	tests := map[string]struct {
		req    *github.IssueRequest
		status int
	}{
		"missing title":     {req: &github.IssueRequest{Body: github.String("b")}, status: 422},
		"body over 65536":   {req: &github.IssueRequest{Title: github.String("t"), Body: github.String(strings.Repeat("x", 65537))}, status: 422},
		"body of 65536 é":   {req: &github.IssueRequest{Title: github.String("t"), Body: github.String(strings.Repeat("é", 65536))}, status: 0},
		"title, no body ok": {req: &github.IssueRequest{Title: github.String("t")}, status: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := c.Issues.Create(context.Background(), org, repo, tc.req)
			if status(err) != tc.status {
				t.Errorf("err = %v, want status %d", err, tc.status)
			}
		})
	}
}

func TestListIssuesFilters(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	f.Push(org, repo, "feat", map[string]string{"x": "y"})
	a := f.CreateIssueAs("alice", org, repo, "a", "", "prc", "launch")
	b := f.CreateIssueAs("bob", org, repo, "b", "", "prc")
	pr, _ := f.OpenPullRequest(org, repo, "feat", "main", "launch")
	closed := f.CreateIssueAs("alice", org, repo, "closed", "", "prc")
	f.CloseIssueAs("alice", org, repo, closed)
	gone := f.CreateIssueAs("alice", org, repo, "gone", "", "prc")
	f.DeleteIssue(org, repo, gone)

	tests := map[string]struct {
		opt  github.IssueListByRepoOptions
		want []int
	}{
		"open by default, newest first": {want: []int{pr, b, a}},
		"label":                         {opt: github.IssueListByRepoOptions{Labels: []string{"PRC"}}, want: []int{b, a}},
		"all labels must match":         {opt: github.IssueListByRepoOptions{Labels: []string{"prc", "launch"}}, want: []int{a}},
		"creator":                       {opt: github.IssueListByRepoOptions{Creator: "bob"}, want: []int{b}},
		"closed":                        {opt: github.IssueListByRepoOptions{State: "closed"}, want: []int{closed}},
		"all, oldest first":             {opt: github.IssueListByRepoOptions{State: "all", Direction: "asc"}, want: []int{a, b, pr, closed}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []int
			opt := tc.opt
			opt.PerPage = 2
			for {
				list, resp, err := c.Issues.ListByRepo(ctx, org, repo, &opt)
				if err != nil {
					t.Fatal(err)
				}
				for _, i := range list {
					got = append(got, i.GetNumber())
				}
				if resp.NextPage == 0 {
					break
				}
				opt.Page = resp.NextPage
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("numbers = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEditIssue(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	n := f.CreateIssueAs("alice", org, repo, "t", "old", "prc")
	_, _, err := c.Issues.Edit(ctx, org, repo, n, &github.IssueRequest{
		Body: github.String("new"), State: github.String("closed"), StateReason: github.String("not_planned"),
		Labels: &[]string{"launch"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.Issue(org, repo, n)
	if got.Body != "new" || got.State != "closed" || got.StateReason != "not_planned" || got.ClosedBy != f.BotLogin() ||
		!slices.Equal(got.Labels, []string{"launch"}) || got.ClosedAt.IsZero() {
		t.Errorf("issue = %+v", got)
	}
	if _, _, err := c.Issues.Edit(ctx, org, repo, n, &github.IssueRequest{State: github.String("done")}); status(err) != 422 {
		t.Errorf("bad state: %v, want 422", err)
	}
	if _, _, err := c.Issues.Edit(ctx, org, repo, 999, &github.IssueRequest{Body: github.String("x")}); status(err) != 404 {
		t.Errorf("missing issue: %v, want 404", err)
	}
}

func TestPeopleActions(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	created, _, err := c.Issues.Create(ctx, org, repo, &github.IssueRequest{Title: github.String("t"), Body: github.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	n := created.GetNumber()
	if old := f.EditIssueBodyAs("alice", org, repo, n, "v2"); old != "v1" {
		t.Errorf("old body = %q", old)
	}
	f.CloseIssueAs("alice", org, repo, n)
	got, _, err := c.Issues.Get(ctx, org, repo, n)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetBody() != "v2" || got.GetState() != "closed" || got.GetClosedBy().GetLogin() != "alice" || got.GetStateReason() != "completed" {
		t.Errorf("issue = body %q state %q by %q", got.GetBody(), got.GetState(), got.GetClosedBy().GetLogin())
	}
	f.DeleteIssue(org, repo, n)
	if _, _, err := c.Issues.Get(ctx, org, repo, n); status(err) != 410 {
		t.Errorf("deleted issue: %v, want 410", err)
	}
	if _, _, err := c.Issues.Edit(ctx, org, repo, n, &github.IssueRequest{Body: github.String("x")}); status(err) != 410 {
		t.Errorf("edit deleted issue: %v, want 410", err)
	}
	if _, ok := f.Issue(org, repo, n); ok || len(f.Issues(org, repo)) != 0 {
		t.Error("deleted issue still visible to the test")
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	n := f.CreateIssueAs("alice", org, repo, "t", "")
	f.CommentAs("alice", org, repo, n, "first")
	mine, _, err := c.Issues.CreateComment(ctx, org, repo, n, &github.IssueComment{Body: github.String("second")})
	if err != nil {
		t.Fatal(err)
	}
	if mine.GetUser().GetLogin() != f.BotLogin() || !strings.Contains(mine.GetHTMLURL(), "#issuecomment-") {
		t.Errorf("comment = %+v", mine)
	}
	if _, _, err := c.Issues.EditComment(ctx, org, repo, mine.GetID(), &github.IssueComment{Body: github.String("second, edited")}); err != nil {
		t.Fatal(err)
	}
	list, _, err := c.Issues.ListComments(ctx, org, repo, n, nil)
	if err != nil || len(list) != 2 || list[0].GetBody() != "first" || list[1].GetBody() != "second, edited" {
		t.Fatalf("comments = %v, %v", list, err)
	}
	if _, err := c.Issues.DeleteComment(ctx, org, repo, list[0].GetID()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Issues.DeleteComment(ctx, org, repo, list[0].GetID()); status(err) != 404 {
		t.Errorf("second delete: %v, want 404", err)
	}
	got := f.Comments(org, repo, n)
	if len(got) != 1 || got[0].Body != "second, edited" || got[0].Author != f.BotLogin() {
		t.Errorf("comments = %+v", got)
	}
	if _, _, err := c.Issues.CreateComment(ctx, org, repo, n, &github.IssueComment{Body: github.String("")}); status(err) != 422 {
		t.Errorf("empty comment: %v, want 422", err)
	}
}

func TestIssueObjectMatchesTheAPI(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	n := f.CreateIssueAs("alice", org, repo, "t", "b", "prc")
	fromAPI, _, err := c.Issues.Get(context.Background(), org, repo, n)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, f.IssueObject(org, repo, n)), mustJSON(t, fromAPI); got != want {
		t.Errorf("IssueObject\n got %s\nwant %s", got, want)
	}
	fromAPIRepo, _, err := c.Repositories.Get(context.Background(), org, repo)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, f.RepoObject(org, repo)), mustJSON(t, fromAPIRepo); got != want {
		t.Errorf("RepoObject\n got %s\nwant %s", got, want)
	}
	if f.IssueObject(org, repo, 99) != nil {
		t.Error("IssueObject of a missing issue is not nil")
	}
}

func TestConditionalGet(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	n := f.CreateIssueAs("alice", org, repo, "t", "b")
	_, resp, err := c.Issues.Get(context.Background(), org, repo, n)
	if err != nil {
		t.Fatal(err)
	}
	etag := resp.Header.Get("ETag")
	get := func() int {
		req, _ := c.NewRequest("GET", "repos/acme/api/issues/1", nil)
		req.Header.Set("If-None-Match", etag)
		resp, _ := c.BareDo(context.Background(), req)
		if resp == nil {
			t.Fatal("no response")
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(); got != 304 {
		t.Errorf("unchanged issue: %d, want 304", got)
	}
	f.EditIssueBodyAs("alice", org, repo, n, "changed")
	if got := get(); got != 200 {
		t.Errorf("changed issue: %d, want 200", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
