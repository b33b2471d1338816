package githubfake

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// Deleted, as a file's content in Push, deletes the file. An empty string is
// an empty file.
const Deleted = "\x00githubfake:deleted\x00"

const (
	modeFile = "100644"
	modeTree = "40000" // as written in tree objects; the API shows "040000"
)

// gitStore keeps one repository's objects, addressed by their real git SHA-1.
type gitStore struct {
	objects map[string]*object
}

type object struct {
	kind    string // blob, tree or commit
	data    []byte
	entries []entry
	commit  *commitData
}

type entry struct {
	name, mode, kind, sha string
}

type commitData struct {
	tree    string
	parents []string
	message string
	author  string
	email   string
	when    time.Time
}

func newGitStore() *gitStore { return &gitStore{objects: map[string]*object{}} }

func (g *gitStore) put(o *object, payload []byte) string {
	h := sha1.New()
	_, _ = fmt.Fprintf(h, "%s %d\x00", o.kind, len(payload)) // a hash never fails a write
	h.Write(payload)
	sha := hex.EncodeToString(h.Sum(nil))
	if _, ok := g.objects[sha]; !ok {
		g.objects[sha] = o
	}
	return sha
}

func (g *gitStore) putBlob(content []byte) string {
	return g.put(&object{kind: "blob", data: content}, content)
}

func (g *gitStore) putTree(entries []entry) string {
	sort.Slice(entries, func(i, j int) bool { return sortKey(entries[i]) < sortKey(entries[j]) })
	var buf bytes.Buffer
	for _, e := range entries {
		raw, _ := hex.DecodeString(e.sha)
		fmt.Fprintf(&buf, "%s %s\x00", e.mode, e.name)
		buf.Write(raw)
	}
	return g.put(&object{kind: "tree", entries: entries}, buf.Bytes())
}

// sortKey orders tree entries the way git does: trees sort as if named "name/".
func sortKey(e entry) string {
	if e.kind == "tree" {
		return e.name + "/"
	}
	return e.name
}

func (g *gitStore) putCommit(c commitData) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "tree %s\n", c.tree)
	for _, p := range c.parents {
		fmt.Fprintf(&buf, "parent %s\n", p)
	}
	sig := fmt.Sprintf("%s <%s> %d +0000", c.author, c.email, c.when.Unix())
	fmt.Fprintf(&buf, "author %s\ncommitter %s\n\n%s\n", sig, sig, c.message)
	return g.put(&object{kind: "commit", commit: &c}, buf.Bytes())
}

func (g *gitStore) get(sha, kind string) (*object, bool) {
	o, ok := g.objects[sha]
	if !ok || o.kind != kind {
		return nil, false
	}
	return o, true
}

// buildTree stores the trees for a flat path -> blob SHA map and returns the root.
func (g *gitStore) buildTree(files map[string]string) string {
	var entries []entry
	dirs := map[string]map[string]string{}
	for p, sha := range files {
		dir, rest, nested := strings.Cut(p, "/")
		if !nested {
			entries = append(entries, entry{name: p, mode: modeFile, kind: "blob", sha: sha})
			continue
		}
		if dirs[dir] == nil {
			dirs[dir] = map[string]string{}
		}
		dirs[dir][rest] = sha
	}
	for dir, sub := range dirs {
		entries = append(entries, entry{name: dir, mode: modeTree, kind: "tree", sha: g.buildTree(sub)})
	}
	return g.putTree(entries)
}

// walk visits a tree's entries in pre-order (a directory before its
// contents), descending into subtrees when recursive is set. visit returns
// false to stop.
func (g *gitStore) walk(treeSHA, prefix string, recursive bool, visit func(p string, e entry) bool) bool {
	t, ok := g.get(treeSHA, "tree")
	if !ok {
		return true
	}
	for _, e := range t.entries {
		p := path.Join(prefix, e.name)
		if !visit(p, e) {
			return false
		}
		if recursive && e.kind == "tree" && !g.walk(e.sha, p, true, visit) {
			return false
		}
	}
	return true
}

// files flattens a commit's tree into path -> blob SHA.
func (g *gitStore) files(commitSHA string) map[string]string {
	out := map[string]string{}
	c, ok := g.get(commitSHA, "commit")
	if !ok {
		return out
	}
	g.walk(c.commit.tree, "", true, func(p string, e entry) bool {
		if e.kind == "blob" {
			out[p] = e.sha
		}
		return true
	})
	return out
}

// lookup finds the entry at a path inside a tree; "" is the tree itself.
func (g *gitStore) lookup(treeSHA, p string) (entry, bool) {
	cur := entry{kind: "tree", mode: modeTree, sha: treeSHA}
	if p == "" {
		return cur, true
	}
	for _, part := range strings.Split(p, "/") {
		t, ok := g.get(cur.sha, "tree")
		if !ok {
			return entry{}, false
		}
		found := false
		for _, e := range t.entries {
			if e.name == part {
				cur, found = e, true
				break
			}
		}
		if !found {
			return entry{}, false
		}
	}
	return cur, true
}

// checkPaths rejects paths git could not store and files that are also directories.
func checkPaths(files map[string]string) error {
	for p := range files {
		if p == "" || strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." {
			return fmt.Errorf("invalid path %q", p)
		}
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := files[dir]; ok {
				return fmt.Errorf("%q is both a file and a directory", dir)
			}
		}
	}
	return nil
}

// apiMode renders a tree entry mode as the REST API does.
func apiMode(mode string) string {
	if mode == modeTree {
		return "040000"
	}
	return mode
}
