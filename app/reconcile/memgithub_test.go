package reconcile

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/prchq/prc/app/gh"
)

// memGitHub is a small in-memory gh.Client and gh.Clients for one installation: repositories
// with commits, issues, comments, labels, permissions, pull requests and check runs. fail makes
// a method answer an error.
type memGitHub struct {
	mu    sync.Mutex
	repos map[string]*memRepo
	blobs map[string][]byte
	fail  map[string]error
	calls map[string]int
	props memProperties
}

type memRepo struct {
	repo     gh.Repo
	refs     map[string]string
	commits  map[string]map[string]string
	issues   []*gh.Issue
	deleted  map[int]bool
	comments map[int][]string
	labels   map[string]bool
	perms    map[string]string
	prs      map[int]*gh.PullRequest
	runs     []gh.CheckRun
}

func newMemGitHub() *memGitHub {
	return &memGitHub{repos: map[string]*memRepo{}, blobs: map[string][]byte{}, fail: map[string]error{}, calls: map[string]int{}}
}

// repoIDs numbers repositories across the fixtures of parallel tests.
var repoIDs atomic.Int64

// addRepo creates owner/name with files on its default branch main.
func (m *memGitHub) addRepo(owner, name string, files map[string]string) gh.Repo {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := &memRepo{
		repo: gh.Repo{ID: 100 + repoIDs.Add(1), Owner: owner, Name: name, DefaultBranch: "main", HTMLURL: "https://github.example/" + owner + "/" + name},
		refs: map[string]string{}, commits: map[string]map[string]string{}, deleted: map[int]bool{}, comments: map[int][]string{},
		labels: map[string]bool{}, perms: map[string]string{}, prs: map[int]*gh.PullRequest{},
	}
	m.repos[owner+"/"+name] = r
	m.commitLocked(r, "main", files)
	return r.repo
}

// push replaces the files of branch with files and returns the new commit.
func (m *memGitHub) push(owner, name, branch string, files map[string]string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.commitLocked(m.repos[owner+"/"+name], branch, files)
}

func (m *memGitHub) commitLocked(r *memRepo, branch string, files map[string]string) string {
	h := sha1.New()
	for _, p := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%s\x00", p, files[p])
		m.blobs[blobSHA(files[p])] = []byte(files[p])
	}
	sha := hex.EncodeToString(h.Sum(nil))
	r.commits[sha] = maps.Clone(files)
	r.refs[branch] = sha
	return sha
}

func blobSHA(content string) string {
	sum := sha1.Sum([]byte(content))
	return hex.EncodeToString(sum[:])
}

// call counts a call of method and returns the error it is set to fail with.
func (m *memGitHub) call(method string) error {
	m.calls[method]++
	return m.fail[method]
}

func (m *memGitHub) repoLocked(owner, name string) (*memRepo, error) {
	r, ok := m.repos[owner+"/"+name]
	if !ok {
		return nil, fmt.Errorf("repository %s/%s: %w", owner, name, gh.ErrNotFound)
	}
	return r, nil
}

func (m *memGitHub) Installation(context.Context, int64) (gh.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("Installation"); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *memGitHub) Repository(_ context.Context, owner, name string) (gh.Repo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("Repository"); err != nil {
		return gh.Repo{}, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return gh.Repo{}, err
	}
	return r.repo, nil
}

func (m *memGitHub) InstallationRepos(context.Context) ([]gh.Repo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("InstallationRepos"); err != nil {
		return nil, err
	}
	var out []gh.Repo
	for _, k := range slices.Sorted(maps.Keys(m.repos)) {
		out = append(out, m.repos[k].repo)
	}
	return out, nil
}

func (m *memGitHub) ResolveRef(_ context.Context, owner, name, ref string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("ResolveRef"); err != nil {
		return "", err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return "", err
	}
	if sha, ok := r.refs[ref]; ok {
		return sha, nil
	}
	if _, ok := r.commits[ref]; ok {
		return ref, nil
	}
	return "", fmt.Errorf("ref %s: %w", ref, gh.ErrNotFound)
}

func (m *memGitHub) ReadTree(_ context.Context, owner, name, ref string) (gh.Tree, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("ReadTree"); err != nil {
		return gh.Tree{}, err
	}
	sha, files, err := m.commitAtLocked(owner, name, ref)
	if err != nil {
		return gh.Tree{}, err
	}
	// A commit's SHA here hashes its files only, so it stands for the tree's SHA too.
	tree := gh.Tree{SHA: sha, ETag: memETag(sha)}
	if sha == ref { // named by commit, not by branch
		tree.CommitSHA, tree.ETag = sha, ""
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		tree.Entries = append(tree.Entries, gh.TreeEntry{Path: p, SHA: blobSHA(files[p]), Size: int64(len(files[p])), Mode: "100644"})
	}
	return tree, nil
}

func (m *memGitHub) TreeSHA(_ context.Context, owner, name, branch string, last gh.TreeTag) (gh.TreeTag, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("TreeSHA"); err != nil {
		return gh.TreeTag{}, err
	}
	sha, _, err := m.commitAtLocked(owner, name, branch)
	if err == nil && last.ETag == memETag(sha) {
		m.calls["TreeSHA 304"]++
	}
	return gh.TreeTag{SHA: sha, ETag: memETag(sha)}, err
}

func memETag(sha string) string { return `W/"` + sha + `"` }

// commitAtLocked resolves ref, a branch or a commit, to its commit and files.
func (m *memGitHub) commitAtLocked(owner, name, ref string) (string, map[string]string, error) {
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return "", nil, err
	}
	sha := ref
	if branch, ok := r.refs[ref]; ok {
		sha = branch
	}
	files, ok := r.commits[sha]
	if !ok {
		return "", nil, fmt.Errorf("tree %s: %w", ref, gh.ErrNotFound)
	}
	return sha, files, nil
}

func (m *memGitHub) ReadDir(_ context.Context, owner, name, ref, dir string) ([]gh.TreeEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("ReadDir"); err != nil {
		return nil, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return nil, err
	}
	if ref == "" {
		ref = r.repo.DefaultBranch
	}
	var out []gh.TreeEntry
	files := r.commits[r.refs[ref]]
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if rest, ok := strings.CutPrefix(p, dir+"/"); ok && !strings.Contains(rest, "/") {
			out = append(out, gh.TreeEntry{Path: p, SHA: blobSHA(files[p]), Size: int64(len(files[p])), Mode: "100644"})
		}
	}
	if out == nil {
		return nil, fmt.Errorf("directory %s: %w", dir, gh.ErrNotFound)
	}
	return out, nil
}

func (m *memGitHub) ReadBlob(_ context.Context, _, _, sha string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("ReadBlob"); err != nil {
		return nil, err
	}
	b, ok := m.blobs[sha]
	if !ok {
		return nil, fmt.Errorf("blob %s: %w", sha, gh.ErrNotFound)
	}
	return b, nil
}

func (m *memGitHub) ReadFile(_ context.Context, owner, name, ref, path string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("ReadFile"); err != nil {
		return nil, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return nil, err
	}
	if ref == "" {
		ref = r.repo.DefaultBranch
	}
	content, ok := r.commits[r.refs[ref]][path]
	if !ok {
		return nil, fmt.Errorf("file %s: %w", path, gh.ErrNotFound)
	}
	return []byte(content), nil
}

// state is a copy of a repository's GitHub side, for assertions.
func (m *memGitHub) state(owner, name string) *memRepo {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.repos[owner+"/"+name]
	cp := *r
	cp.issues = nil
	for _, is := range r.issues {
		c := *is
		c.Labels = slices.Clone(is.Labels)
		cp.issues = append(cp.issues, &c)
	}
	cp.comments = maps.Clone(r.comments)
	cp.runs = slices.Clone(r.runs)
	return &cp
}

// openIssues are the issues of a repository that are not deleted, by title.
func (r *memRepo) liveIssues() []gh.Issue {
	var out []gh.Issue
	for _, is := range r.issues {
		if !r.deleted[is.Number] {
			out = append(out, *is)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out
}

// allComments are every comment of a repository, joined.
func (r *memRepo) allComments() string {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(r.comments)) {
		for _, c := range r.comments[n] {
			fmt.Fprintf(&b, "#%d: %s\n", n, c)
		}
	}
	return b.String()
}

var _ gh.Client = (*memGitHub)(nil)
var _ gh.Clients = (*memGitHub)(nil)

// edit changes a repository's GitHub side as a person would, under the lock.
func (m *memGitHub) edit(owner, name string, fn func(r *memRepo)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fn(m.repos[owner+"/"+name])
}
