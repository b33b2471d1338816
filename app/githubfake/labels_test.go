package githubfake_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestLabels(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	if _, _, err := c.Issues.GetLabel(ctx, org, repo, "prc"); status(err) != 404 {
		t.Fatalf("get missing label: %v, want 404", err)
	}
	l, _, err := c.Issues.CreateLabel(ctx, org, repo, &github.Label{Name: github.String("prc"), Color: github.String("0E8A16")})
	if err != nil || l.GetColor() != "0e8a16" {
		t.Fatalf("create label: %v %v", l, err)
	}
	if _, _, err := c.Issues.CreateLabel(ctx, org, repo, &github.Label{Name: github.String("PRC")}); status(err) != 422 {
		t.Errorf("duplicate label: %v, want 422", err)
	}
	if _, _, err := c.Issues.GetLabel(ctx, org, repo, "prc"); err != nil {
		t.Errorf("get label: %v", err)
	}

	n := f.CreateIssueAs("alice", org, repo, "t", "")
	got, _, err := c.Issues.AddLabelsToIssue(ctx, org, repo, n, []string{"prc", "launch ready"})
	if err != nil || len(got) != 2 {
		t.Fatalf("add labels = %v, %v", got, err)
	}
	if _, err := c.Issues.RemoveLabelForIssue(ctx, org, repo, n, "nope"); status(err) != 404 {
		t.Errorf("remove absent label: %v, want 404", err)
	}
	if _, err := c.Issues.RemoveLabelForIssue(ctx, org, repo, n, "launch ready"); err != nil {
		t.Errorf("remove label: %v", err)
	}
	f.AddLabelToIssue(org, repo, n, "launch")
	list, _, err := c.Issues.ListLabelsByIssue(ctx, org, repo, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range list {
		names = append(names, l.GetName())
	}
	if !slices.Equal(names, []string{"prc", "launch"}) || !slices.Equal(f.Labels(org, repo, n), names) {
		t.Errorf("labels = %v, state %v", names, f.Labels(org, repo, n))
	}
	if len(f.RepoLabels(org, repo)) != 3 {
		t.Errorf("repo labels = %+v, want prc, launch ready and launch", f.RepoLabels(org, repo))
	}
}

func TestAddLabelsBodyShapes(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	n := f.CreateIssueAs("alice", org, repo, "t", "")
	for name, body := range map[string]any{
		"array":          []string{"a"},
		"wrapped names":  map[string]any{"labels": []string{"b"}},
		"wrapped object": map[string]any{"labels": []map[string]string{{"name": "c"}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := raw(t, c, "POST", "repos/acme/api/issues/1/labels", body); err != nil {
				t.Fatal(err)
			}
		})
	}
	got := f.Labels(org, repo, n)
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("labels = %v", got)
	}
}

func TestPullRequests(t *testing.T) {
	t.Parallel()
	f, c, r := setup(t)
	ctx := context.Background()
	issue := f.CreateIssueAs("alice", org, repo, "first", "")
	f.Push(org, repo, "feature/x", map[string]string{"x": "1"})
	n, head := f.OpenPullRequest(org, repo, "feature/x", "main", "launch")
	if n != issue+1 {
		t.Errorf("pull number = %d, want %d (shared with issues)", n, issue+1)
	}
	pr, _, err := c.PullRequests.Get(ctx, org, repo, n)
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetHead().GetSHA() != head || pr.GetHead().GetRef() != "feature/x" || pr.GetBase().GetSHA() != r.HeadSHA ||
		pr.GetState() != "open" || len(pr.Labels) != 1 || pr.Labels[0].GetName() != "launch" {
		t.Errorf("pull = head %s@%s base %s state %s labels %v", pr.GetHead().GetRef(), pr.GetHead().GetSHA(),
			pr.GetBase().GetSHA(), pr.GetState(), pr.Labels)
	}
	moved := f.Push(org, repo, "feature/x", map[string]string{"x": "2"})
	pr, _, _ = c.PullRequests.Get(ctx, org, repo, n)
	if pr.GetHead().GetSHA() != moved {
		t.Errorf("head after push = %s, want %s", pr.GetHead().GetSHA(), moved)
	}
	if _, _, err := c.PullRequests.Get(ctx, org, repo, issue); status(err) != 404 {
		t.Errorf("issue as pull: %v, want 404", err)
	}
	for filter, want := range map[string]int{"acme:feature/x": 1, "acme:other": 0, "someone:feature/x": 0} {
		list, _, err := c.PullRequests.List(ctx, org, repo, &github.PullRequestListOptions{State: "open", Head: filter})
		if err != nil || len(list) != want {
			t.Errorf("head %s: %d pulls, %v; want %d", filter, len(list), err, want)
		}
	}
}

func TestPermission(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	tests := map[string]struct{ role, permission string }{
		"admin":    {"admin", "admin"},
		"maintain": {"maintain", "write"},
		"write":    {"write", "write"},
		"triage":   {"triage", "read"},
		"read":     {"read", "read"},
		"none":     {"none", "none"},
	}
	for name, tc := range tests {
		f.SetPermission(org, repo, name+"-user", tc.role)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _, err := raw(t, c, "GET", "repos/acme/api/collaborators/"+name+"-user/permission", nil)
			if err != nil {
				t.Fatal(err)
			}
			user, _ := got["user"].(map[string]any)
			if got["permission"] != tc.permission || got["role_name"] != tc.role || user["login"] != name+"-user" {
				t.Errorf("got %v, want permission %s role %s", got, tc.permission, tc.role)
			}
		})
	}
	level, _, err := c.Repositories.GetPermissionLevel(context.Background(), org, repo, "stranger")
	if err != nil || level.GetPermission() != "read" {
		t.Errorf("stranger on a public repo = %v, %v; want read", level, err)
	}
}
