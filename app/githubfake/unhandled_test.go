package githubfake_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

func TestUnhandledRouteFailsTheTest(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		method, path string
		want         string
	}{
		"unknown path":          {"GET", "repos/acme/api/hooks", "githubfake: unhandled GET /repos/acme/api/hooks"},
		"known path, bad verb":  {"PUT", "repos/acme/api/issues/1", "githubfake: unhandled PUT /repos/acme/api/issues/1"},
		"query is reported too": {"GET", "search/issues?q=x", "githubfake: unhandled GET /search/issues?q=x"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{TB: t}
			f := githubfake.New(rec)
			f.AddInstallation(instID, org)
			f.AddRepo(instID, org, repo, nil)
			_, resp, err := raw(t, client(t, f, instID), tc.method, tc.path, nil)
			if err == nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("answer = %v, %v; want 404", resp, err)
			}
			if msgs := rec.messages(); len(msgs) != 1 || msgs[0] != tc.want {
				t.Errorf("recorded %q, want [%q]", msgs, tc.want)
			}
			if f.Requests().Unhandled != 1 {
				t.Errorf("unhandled = %d", f.Requests().Unhandled)
			}
		})
	}
}

func TestKnownRoutesDoNotFailTheTest(t *testing.T) {
	t.Parallel()
	rec := &recorder{TB: t}
	f := githubfake.New(rec)
	f.AddInstallation(instID, org)
	f.AddRepo(instID, org, repo, nil)
	c := client(t, f, instID)
	if _, _, err := c.Issues.Get(context.Background(), org, repo, 42); status(err) != 404 {
		t.Errorf("missing issue: %v, want 404", err)
	}
	if msgs := rec.messages(); len(msgs) != 0 {
		t.Errorf("a 404 from a known route failed the test: %q", msgs)
	}
}

func TestMisuseOfTheTestAPIFailsTheTest(t *testing.T) {
	t.Parallel()
	rec := &recorder{TB: t}
	f := githubfake.New(rec)
	f.AddInstallation(instID, org)
	f.AddRepo(instID, org, repo, nil)
	f.Push(org, "nope", "main", nil)
	f.Push(org, repo, "main", map[string]string{"../x": "y"})
	f.Push(org, repo, "main", map[string]string{"a": "1", "a/b": "2"})
	f.SetPermission(org, repo, "alice", "owner")
	f.EditIssueBodyAs("alice", org, repo, 7, "x")
	if got := len(rec.messages()); got != 5 {
		t.Errorf("recorded %d failures, want 5: %q", got, rec.messages())
	}
}

func TestStandaloneModeLogs(t *testing.T) {
	f := githubfake.New(nil)
	defer f.Close()
	resp, err := http.Get(f.URL() + "/nothing/here")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || f.Requests().Unhandled != 1 {
		t.Errorf("status %d, unhandled %d", resp.StatusCode, f.Requests().Unhandled)
	}
}

func TestRequestCounters(t *testing.T) {
	t.Parallel()
	f, c, r := setup(t)
	ctx := context.Background()
	tree, _, err := c.Git.GetTree(ctx, org, repo, r.HeadSHA, true)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, _, err := c.Git.GetBlob(ctx, org, repo, tree.Entries[0].GetSHA()); err != nil {
			t.Fatal(err)
		}
	}
	s := f.Requests()
	blobPath := "GET /repos/acme/api/git/blobs/" + tree.Entries[0].GetSHA()
	if s.ByRoute["GET /repos/{owner}/{repo}/git/blobs/{sha}"] != 2 || s.ByPath[blobPath] != 2 || s.Mutations() != 0 || s.TokensIssued != 1 {
		t.Errorf("stats = %+v", s)
	}
	f.ResetRequests()
	if _, _, err := c.Issues.Create(ctx, org, repo, &github.IssueRequest{Title: github.String("t")}); err != nil {
		t.Fatal(err)
	}
	if s := f.Requests(); s.Total != 1 || s.Mutations() != 1 || s.ByMethod["POST"] != 1 {
		t.Errorf("after reset = %+v", s)
	}
}

func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	f, _, _ := setup(t)
	const workers, perWorker = 6, 5
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(t, f, instID)
			ctx := context.Background()
			for k := range perWorker {
				title := strings.Repeat("w", w+1) + string(rune('a'+k))
				i, _, err := c.Issues.Create(ctx, org, repo, &github.IssueRequest{Title: &title, Labels: &[]string{"prc"}})
				if err != nil {
					t.Error(err)
					return
				}
				if _, _, err := c.Issues.AddLabelsToIssue(ctx, org, repo, i.GetNumber(), []string{"launch"}); err != nil {
					t.Error(err)
				}
				if _, _, err := c.Issues.ListByRepo(ctx, org, repo, nil); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	issues := f.Issues(org, repo)
	if len(issues) != workers*perWorker {
		t.Fatalf("%d issues, want %d", len(issues), workers*perWorker)
	}
	for k, i := range issues {
		if i.Number != k+1 || len(i.Labels) != 2 {
			t.Errorf("issue %d: number %d labels %v", k, i.Number, i.Labels)
		}
	}
}
