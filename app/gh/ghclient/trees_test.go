package ghclient_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
)

// TestTreeByBranch: a branch's tree is read in one request, and its ETag lets any client, in
// this process or another, ask whether the branch's files changed with one request answered
// 304, until a push changes them.
func TestTreeByBranch(t *testing.T) {
	e := newEnv(t)
	tree, err := e.client(t).ReadTree(bg, org, repoN, "main")
	if err != nil {
		t.Fatal(err)
	}
	if tree.SHA == "" || tree.ETag == "" || tree.CommitSHA != "" || len(tree.Entries) != len(files) {
		t.Fatalf("tree by branch: SHA %q, ETag %q, commit %q, %d entries; want a SHA and an ETag, no commit, %d entries",
			tree.SHA, tree.ETag, tree.CommitSHA, len(tree.Entries), len(files))
	}
	if n := apiRequests(e.fake); n != 1 {
		t.Errorf("reading a branch's tree sent %d requests, want 1", n)
	}
	other := e.client(t) // another replica: nothing in common but the tag
	steps := []struct {
		name       string
		push       map[string]string
		notChanged int
	}{
		{name: "unchanged", notChanged: 1},
		{name: "pushed", push: map[string]string{"RUNBOOK.md": "# run\n"}},
		{name: "unchanged since the push", notChanged: 1},
	}
	last := gh.TreeTag{SHA: tree.SHA, ETag: tree.ETag}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.push != nil {
				e.fake.Push(org, repoN, "main", s.push)
			}
			e.fake.ResetRequests()
			got, err := other.TreeSHA(bg, org, repoN, "main", last)
			if err != nil {
				t.Fatal(err)
			}
			if changed := got.SHA != last.SHA; changed != (s.notChanged == 0) || got.ETag == "" {
				t.Errorf("tag %+v after %+v: changed %v", got, last, changed)
			}
			last = got
			st := e.fake.Requests()
			if n := apiRequests(e.fake); n != 1 || st.ByStatus[http.StatusNotModified] != s.notChanged {
				t.Errorf("%d requests, %d answered 304; want 1, %d", n, st.ByStatus[http.StatusNotModified], s.notChanged)
			}
		})
	}
	head := e.fake.Head(org, repoN, "main")
	byCommit, err := other.ReadTree(bg, org, repoN, head)
	if err != nil || byCommit.CommitSHA != head || byCommit.SHA != last.SHA || byCommit.ETag != "" {
		t.Errorf("tree by commit: commit %s, tree %s, ETag %q, %v; want %s, %s, none", byCommit.CommitSHA, byCommit.SHA, byCommit.ETag, err, head, last.SHA)
	}
}

// TestReadDir: a directory lists its files with their blob SHAs; a missing directory or
// repository is gh.ErrNotFound, remembered by the negative cache for the repositories it covers.
func TestReadDir(t *testing.T) {
	e := newEnv(t)
	e.fake.AddRepo(inst, org, ".github", map[string]string{"prc/checklist.yaml": "version: 1\n", "prc/config.yml": "onboard: all\n", "prc/old/x.yml": "x\n", "profile/README.md": "hi\n"})
	c := e.client(t, ghclient.WithNegativeCache(time.Minute, ".github"))
	got, err := c.ReadDir(bg, org, ".github", "", "prc")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Path != "prc/checklist.yaml" || got[1].Path != "prc/config.yml" || got[0].SHA == "" {
		t.Errorf("listing %+v, want the two files of prc/ with their SHAs", got)
	}
	tests := map[string]struct{ repo, dir string }{
		"missing directory":  {".github", "nope"},
		"a file":             {".github", "prc/config.yml"},
		"missing repository": {"nope", "prc"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := c.ReadDir(bg, org, tc.repo, "", tc.dir); !errors.Is(err, gh.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	}
	e.fake.ResetRequests()
	if _, err := c.ReadDir(bg, org, ".github", "", "nope"); !errors.Is(err, gh.ErrNotFound) || apiRequests(e.fake) != 0 {
		t.Errorf("asking again about a missing directory: %v after %d requests, want ErrNotFound from the cache", err, apiRequests(e.fake))
	}
}
