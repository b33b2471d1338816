package ghclient_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/checklist/repo"
)

func TestRepository(t *testing.T) {
	e := newEnv(t)
	e.fake.AddRepo(inst, org, "secret", nil, githubfake.RepoPrivate(), githubfake.RepoDefaultBranch("trunk"))
	e.fake.AddRepo(inst, org, "payments", nil, githubfake.RepoTopics("launching", "go"))
	c := e.client(t)
	tests := map[string]struct {
		name    string
		want    gh.Repo
		wantErr error
	}{
		"public":  {name: "api", want: gh.Repo{Owner: org, Name: "api", DefaultBranch: "main"}},
		"private": {name: "secret", want: gh.Repo{Owner: org, Name: "secret", DefaultBranch: "trunk", Private: true}},
		"topics":  {name: "payments", want: gh.Repo{Owner: org, Name: "payments", DefaultBranch: "main", Topics: []string{"launching", "go"}}},
		"missing": {name: "nope", wantErr: gh.ErrNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.Repository(bg, org, tc.name)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if got.ID == 0 {
				t.Errorf("ID is zero")
			}
			if !strings.HasSuffix(got.HTMLURL, "/"+org+"/"+tc.name) {
				t.Errorf("HTMLURL = %q", got.HTMLURL)
			}
			got.ID, got.HTMLURL = 0, ""
			if len(got.Topics) == 0 {
				got.Topics = nil
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestInstallationReposReadsEveryPage(t *testing.T) {
	e := newEnv(t)
	e.fake.AddInstallation(99, "other")
	e.fake.AddRepo(99, "other", "hidden", nil)
	for k := range 129 {
		e.fake.AddRepo(inst, org, fmt.Sprintf("svc-%03d", k), nil)
	}
	got, err := e.client(t).InstallationRepos(bg)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range got {
		seen[r.FullName()] = true
	}
	if len(got) != 130 || len(seen) != 130 || !seen["acme/api"] || !seen["acme/svc-128"] || seen["other/hidden"] {
		t.Errorf("got %d repositories (%d distinct); want the installation's 130", len(got), len(seen))
	}
	if n := len(e.rec.requests("GET")); n != 2 {
		t.Errorf("sent %d GETs, want 2 pages of 100", n)
	}
}

func TestResolveRef(t *testing.T) {
	e := newEnv(t)
	feature := e.fake.Push(org, repoN, "feature/x", map[string]string{"a.txt": "a"})
	c := e.client(t)
	upper := strings.ToUpper(e.repo.HeadSHA)
	tests := map[string]struct {
		ref      string
		want     string
		requests int
		wantErr  error
	}{
		"full sha":          {ref: upper, want: e.repo.HeadSHA},
		"branch":            {ref: "main", want: e.repo.HeadSHA, requests: 1},
		"qualified branch":  {ref: "refs/heads/main", want: e.repo.HeadSHA, requests: 1},
		"branch with slash": {ref: "feature/x", want: feature, requests: 1},
		"missing branch":    {ref: "nope", requests: 2, wantErr: gh.ErrNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e.rec.reset()
			got, err := c.ResolveRef(bg, org, repoN, tc.ref)
			if !errors.Is(err, tc.wantErr) || got != tc.want {
				t.Errorf("ResolveRef(%q) = %q, %v; want %q, %v", tc.ref, got, err, tc.want, tc.wantErr)
			}
			if n := len(e.rec.requests("")); n != tc.requests {
				t.Errorf("sent %d requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestReadTree(t *testing.T) {
	e := newEnv(t)
	tree, err := e.client(t).ReadTree(bg, org, repoN, e.repo.HeadSHA)
	if err != nil {
		t.Fatal(err)
	}
	if tree.CommitSHA != e.repo.HeadSHA || tree.Truncated {
		t.Errorf("tree commit %q truncated %v", tree.CommitSHA, tree.Truncated)
	}
	got := map[string]gh.TreeEntry{}
	for _, en := range tree.Entries {
		got[en.Path] = en
	}
	if len(got) != len(files) {
		t.Fatalf("entries %v, want exactly the %d files (no directories)", tree.Entries, len(files))
	}
	for p, content := range files {
		en := got[p]
		if en.Size != int64(len(content)) || en.Mode != "100644" || len(en.SHA) != 40 {
			t.Errorf("%s: %+v", p, en)
		}
	}
}

func TestReadTreeTruncated(t *testing.T) {
	e := newEnv(t, githubfake.WithTreeLimit(2))
	tree, err := e.client(t).ReadTree(bg, org, repoN, e.repo.HeadSHA)
	if err != nil {
		t.Fatal(err)
	}
	if !tree.Truncated || len(tree.Entries) > 2 {
		t.Errorf("truncated %v with %d entries; want truncated with at most 2", tree.Truncated, len(tree.Entries))
	}
}

func TestReadBlob(t *testing.T) {
	e := newEnv(t)
	big := strings.Repeat("x", repo.MaxFileSize+4096)
	e.fake.Push(org, repoN, "main", map[string]string{"big.bin": big})
	c := e.client(t)
	tree, err := c.ReadTree(bg, org, repoN, e.fake.Head(org, repoN, "main"))
	if err != nil {
		t.Fatal(err)
	}
	sha := map[string]string{}
	for _, en := range tree.Entries {
		sha[en.Path] = en.SHA
	}
	tests := map[string]struct {
		sha     string
		want    string
		wantErr error
	}{
		"file":    {sha: sha["README.md"], want: files["README.md"]},
		"too big": {sha: sha["big.bin"], wantErr: repo.ErrTooLarge},
		"missing": {sha: strings.Repeat("0", 40), wantErr: gh.ErrNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e.rec.reset()
			got, err := c.ReadBlob(bg, org, repoN, tc.sha)
			if !errors.Is(err, tc.wantErr) || string(got) != tc.want {
				t.Errorf("ReadBlob = %.20q, %v; want %.20q, %v", got, err, tc.want, tc.wantErr)
			}
			if n := e.rec.bytesRead(); n > repo.MaxFileSize+1 {
				t.Errorf("read %d body bytes, want at most the limit plus one", n)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	e := newEnv(t)
	e.fake.Push(org, repoN, "next", map[string]string{".github/prc.yml": "service: next\n", "big.bin": strings.Repeat("x", repo.MaxFileSize+1)})
	c := e.client(t)
	tests := map[string]struct {
		ref, path string
		want      string
		wantErr   error
	}{
		"at branch":       {ref: "main", path: ".github/prc.yml", want: "service: api\n"},
		"at other branch": {ref: "next", path: ".github/prc.yml", want: "service: next\n"},
		"at sha":          {ref: e.repo.HeadSHA, path: "deploy/k8s/app.yaml", want: files["deploy/k8s/app.yaml"]},
		"missing":         {ref: "main", path: "nope.yml", wantErr: gh.ErrNotFound},
		"directory":       {ref: "main", path: "deploy", wantErr: gh.ErrNotFound},
		"missing ref":     {ref: "gone", path: "README.md", wantErr: gh.ErrNotFound},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.ReadFile(bg, org, repoN, tc.ref, tc.path)
			if !errors.Is(err, tc.wantErr) || string(got) != tc.want {
				t.Errorf("ReadFile = %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
