package githubfake_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/githubfake"
)

// The SHAs below were computed by git itself (git write-tree, git ls-tree)
// for baseFiles, so they check the fake's object encoding, not its own formula.
const (
	rootTreeSHA = "8919b2025d53907c4ef5e998022426e91c40899b"
	readmeSHA   = "ce013625030ba8dba906f756967f9e9ca394464a"
	k8sTreeSHA  = "0fa5c17385433c624b2fa6c4296bf5f395d14417"
)

func TestTreeMatchesGit(t *testing.T) {
	t.Parallel()
	_, c, r := setup(t)
	ctx := context.Background()
	ref, _, err := c.Git.GetRef(ctx, org, repo, "heads/main")
	if err != nil {
		t.Fatal(err)
	}
	if ref.GetObject().GetSHA() != r.HeadSHA {
		t.Fatalf("ref sha = %s, want %s", ref.GetObject().GetSHA(), r.HeadSHA)
	}
	commit, _, err := c.Git.GetCommit(ctx, org, repo, r.HeadSHA)
	if err != nil {
		t.Fatal(err)
	}
	if commit.GetTree().GetSHA() != rootTreeSHA {
		t.Errorf("root tree = %s, want git's %s", commit.GetTree().GetSHA(), rootTreeSHA)
	}
	tree, _, err := c.Git.GetTree(ctx, org, repo, rootTreeSHA, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tree.Entries {
		got = append(got, e.GetMode()+" "+e.GetType()+" "+e.GetPath())
	}
	want := "100644 blob README.md|100644 blob a-b|100644 blob deploy.yaml|040000 tree deploy|" +
		"100644 blob deploy/.keep|040000 tree deploy/k8s|100644 blob deploy/k8s/app.yaml"
	if strings.Join(got, "|") != want {
		t.Errorf("entries\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if tree.GetTruncated() || tree.Entries[0].GetSHA() != readmeSHA || tree.Entries[0].GetSize() != 6 {
		t.Errorf("README entry = %+v, truncated %v", tree.Entries[0], tree.GetTruncated())
	}
}

func TestTreeRecursionAndTruncation(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		limit     int
		recursive bool
		want      int
		truncated bool
	}{
		"top level only":      {limit: 100, recursive: false, want: 4},
		"recursive":           {limit: 100, recursive: true, want: 7},
		"recursive truncated": {limit: 3, recursive: true, want: 3, truncated: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, c, _ := setup(t, githubfake.WithTreeLimit(tc.limit))
			tree, _, err := c.Git.GetTree(context.Background(), org, repo, "main", tc.recursive)
			if err != nil {
				t.Fatal(err)
			}
			if len(tree.Entries) != tc.want || tree.GetTruncated() != tc.truncated {
				t.Errorf("entries = %d truncated = %v, want %d %v", len(tree.Entries), tree.GetTruncated(), tc.want, tc.truncated)
			}
		})
	}
}

func TestBlobRoundTrip(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	big := strings.Repeat("0123456789", 20) // longer than one 60-column base64 line
	sha := f.Push(org, repo, "main", map[string]string{"big.txt": big})
	tree, _, err := c.Git.GetTree(ctx, org, repo, sha, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tree.Entries {
		if e.GetType() != "blob" {
			continue
		}
		blob, _, err := c.Git.GetBlob(ctx, org, repo, e.GetSHA())
		if err != nil {
			t.Fatal(err)
		}
		data, err := base64.StdEncoding.DecodeString(blob.GetContent())
		if err != nil {
			t.Fatalf("%s: decode: %v", e.GetPath(), err)
		}
		want := baseFiles[e.GetPath()]
		if e.GetPath() == "big.txt" {
			want = big
		}
		if string(data) != want || blob.GetSize() != len(want) || blob.GetEncoding() != "base64" {
			t.Errorf("%s: blob = %q (size %d), want %q", e.GetPath(), data, blob.GetSize(), want)
		}
	}
	rawBlob, _, err := c.Git.GetBlobRaw(ctx, org, repo, readmeSHA)
	if err != nil || string(rawBlob) != "hello\n" {
		t.Errorf("raw blob = %q, %v", rawBlob, err)
	}
	if _, _, err := c.Git.GetBlob(ctx, org, repo, strings.Repeat("0", 40)); status(err) != 404 {
		t.Errorf("missing blob: %v, want 404", err)
	}
}

func TestPushKeepsUnchangedSHAs(t *testing.T) {
	t.Parallel()
	f, c, r := setup(t)
	ctx := context.Background()
	sha := f.Push(org, repo, "main", map[string]string{"README.md": "changed\n", "a-b": githubfake.Deleted})
	commit, _, err := c.Git.GetCommit(ctx, org, repo, sha)
	if err != nil {
		t.Fatal(err)
	}
	if len(commit.Parents) != 1 || commit.Parents[0].GetSHA() != r.HeadSHA {
		t.Errorf("parents = %v, want [%s]", commit.Parents, r.HeadSHA)
	}
	tree, _, err := c.Git.GetTree(ctx, org, repo, commit.GetTree().GetSHA(), true)
	if err != nil {
		t.Fatal(err)
	}
	shas := map[string]string{}
	for _, e := range tree.Entries {
		shas[e.GetPath()] = e.GetSHA()
	}
	if _, ok := shas["a-b"]; ok {
		t.Error("a-b still present after delete")
	}
	if shas["deploy/k8s"] != k8sTreeSHA || shas["deploy/k8s/app.yaml"] != "6c24b02fa77b35d6dbac97cab22e75e6021b674b" {
		t.Errorf("unchanged subtree changed: %v", shas)
	}
	if shas["README.md"] == readmeSHA {
		t.Error("changed README kept its old blob SHA")
	}
	if got := f.Head(org, repo, "main"); got != sha {
		t.Errorf("head = %s, want %s", got, sha)
	}
}

func TestContents(t *testing.T) {
	t.Parallel()
	f, c, _ := setup(t)
	ctx := context.Background()
	f.Push(org, repo, "feature/x", map[string]string{".github/prc.yml": "onboard: true\n"})
	tests := map[string]struct {
		path, ref string
		file      string // expected file content
		dir       []string
		status    int
	}{
		"file on default branch":  {path: "deploy/k8s/app.yaml", file: "kind: Deployment\n"},
		"file on a branch":        {path: ".github/prc.yml", ref: "feature/x", file: "onboard: true\n"},
		"file absent on main":     {path: ".github/prc.yml", status: 404},
		"directory":               {path: "deploy", dir: []string{".keep:file", "k8s:dir"}},
		"missing path":            {path: "nope.txt", status: 404},
		"path through a file":     {path: "README.md/x", status: 404},
		"unknown ref":             {path: "README.md", ref: "nope", status: 404},
		"file by commit SHA ref":  {path: "README.md", ref: f.Head(org, repo, "main"), file: "hello\n"},
		"empty file stays a file": {path: "deploy/.keep", file: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			file, dir, _, err := c.Repositories.GetContents(ctx, org, repo, tc.path, &github.RepositoryContentGetOptions{Ref: tc.ref})
			if tc.status != 0 {
				if status(err) != tc.status {
					t.Errorf("err = %v, want %d", err, tc.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.dir != nil {
				var got []string
				for _, d := range dir {
					got = append(got, d.GetName()+":"+d.GetType())
				}
				if strings.Join(got, ",") != strings.Join(tc.dir, ",") {
					t.Errorf("dir = %v, want %v", got, tc.dir)
				}
				return
			}
			content, err := file.GetContent()
			if err != nil || content != tc.file {
				t.Errorf("content = %q, %v; want %q", content, err, tc.file)
			}
		})
	}
}

func TestCommitsBranchesAndRefs(t *testing.T) {
	t.Parallel()
	f, c, r := setup(t)
	ctx := context.Background()
	sha := f.Push(org, repo, "feature/x", map[string]string{"new.txt": "n", "a-b": githubfake.Deleted})

	br, _, err := c.Repositories.GetBranch(ctx, org, repo, "feature/x", 0)
	if err != nil || br.GetCommit().GetSHA() != sha {
		t.Fatalf("branch = %v, %v", br, err)
	}
	rc, _, err := c.Repositories.GetCommit(ctx, org, repo, "feature/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, cf := range rc.Files {
		files = append(files, cf.GetStatus()+":"+cf.GetFilename())
	}
	if rc.GetSHA() != sha || strings.Join(files, ",") != "removed:a-b,added:new.txt" {
		t.Errorf("commit %s files %v", rc.GetSHA(), files)
	}
	got, _, err := c.Repositories.GetCommitSHA1(ctx, org, repo, "main", "")
	if err != nil || got != r.HeadSHA {
		t.Errorf("sha1 = %q, %v", got, err)
	}
	if _, resp, err := c.Repositories.GetBranch(ctx, org, repo, "nope", 0); err == nil || resp.StatusCode != 404 {
		t.Errorf("missing branch: %v", err)
	}
	if _, _, err := c.Git.GetRef(ctx, org, repo, "heads/nope"); status(err) != 404 {
		t.Errorf("missing ref: %v", err)
	}
	ref, _, err := raw(t, c, "GET", "repos/acme/api/git/refs/heads/feature/x", nil)
	if err != nil || ref["ref"] != "refs/heads/feature/x" {
		t.Errorf("legacy refs = %v, %v", ref, err)
	}
}
