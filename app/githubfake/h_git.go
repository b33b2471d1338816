package githubfake

import (
	"net/http"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
)

// resolveCommit turns a branch name (optionally "refs/heads/…" or "heads/…")
// or a full commit SHA into a commit SHA.
func resolveCommit(r *repo, ref string) (string, bool) {
	if _, ok := r.git.get(ref, "commit"); ok {
		return ref, true
	}
	ref = strings.TrimPrefix(strings.TrimPrefix(ref, "refs/"), "heads/")
	sha, ok := r.branches[ref]
	return sha, ok
}

// getBranch serves GET /repos/{owner}/{repo}/branches/{branch}.
func getBranch(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	name := c.vars["branch"]
	sha, ok := r.branches[name]
	if !ok {
		return *errReply(http.StatusNotFound, "Branch not found")
	}
	return okReply(&github.Branch{Name: str(name), Commit: c.repoCommitJSON(r, sha), Protected: yes(false)})
}

// getRef serves GET /repos/{owner}/{repo}/git/ref/heads/{branch}.
func getRef(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	branch, isHead := strings.CutPrefix(c.vars["ref"], "heads/")
	if _, ok := r.branches[branch]; !isHead || !ok {
		return notFound()
	}
	return okReply(c.refJSON(r, branch))
}

// getRefs serves the legacy GET /repos/{owner}/{repo}/git/refs/heads/{branch}:
// an exact match is one object, otherwise every ref with that prefix, as a list.
func getRefs(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	prefix, isHead := strings.CutPrefix(c.vars["ref"], "heads/")
	if !isHead {
		return notFound()
	}
	if _, ok := r.branches[prefix]; ok {
		return okReply(c.refJSON(r, prefix))
	}
	var names []string
	for b := range r.branches {
		if strings.HasPrefix(b, prefix) {
			names = append(names, b)
		}
	}
	if len(names) == 0 {
		return notFound()
	}
	sort.Strings(names)
	out := make([]*github.Reference, 0, len(names))
	for _, b := range names {
		out = append(out, c.refJSON(r, b))
	}
	return okReply(out)
}

// getRepoCommit serves GET /repos/{owner}/{repo}/commits/{ref}, including the
// "application/vnd.github.sha" media type and its If-None-Match short cut.
func getRepoCommit(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	sha, ok := resolveCommit(r, c.vars["ref"])
	if !ok {
		return invalid("Commit", "sha", "invalid", "No commit found for SHA: "+c.vars["ref"])
	}
	if c.wants("sha") {
		if c.r.Header.Get("If-None-Match") == `"`+sha+`"` {
			return reply{status: http.StatusNotModified}
		}
		return reply{status: http.StatusOK, raw: []byte(sha), ctype: "application/vnd.github.sha; charset=utf-8"}
	}
	return okReply(c.repoCommitJSON(r, sha))
}

// getGitCommit serves GET /repos/{owner}/{repo}/git/commits/{sha}.
func getGitCommit(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	if _, ok := r.git.get(c.vars["sha"], "commit"); !ok {
		return notFound()
	}
	return okReply(c.gitCommitJSON(r, c.vars["sha"]))
}

// getTree serves GET /repos/{owner}/{repo}/git/trees/{sha}. The SHA may name a
// tree, a commit or a branch; any "recursive" value lists the whole tree, up
// to the fake's tree limit, past which the listing is marked truncated.
func getTree(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	sha := c.vars["sha"]
	if commit, ok := resolveCommit(r, sha); ok {
		o, _ := r.git.get(commit, "commit")
		sha = o.commit.tree
	}
	if _, ok := r.git.get(sha, "tree"); !ok {
		return notFound()
	}
	_, recursive := c.r.URL.Query()["recursive"]
	out := &github.Tree{SHA: str(sha), Entries: []*github.TreeEntry{}, Truncated: yes(false)}
	r.git.walk(sha, "", recursive, func(p string, e entry) bool {
		if len(out.Entries) == c.f.cfg.treeLimit {
			out.Truncated = yes(true)
			return false
		}
		out.Entries = append(out.Entries, c.treeEntryJSON(r, p, e))
		return true
	})
	return okReply(out)
}

// getBlob serves GET /repos/{owner}/{repo}/git/blobs/{sha}, as JSON with
// base64 content or, for the raw media type, as the bytes themselves.
func getBlob(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	sha := c.vars["sha"]
	o, ok := r.git.get(sha, "blob")
	if !ok {
		return notFound()
	}
	if c.wants("raw") {
		return reply{status: http.StatusOK, raw: o.data, ctype: "application/vnd.github.raw"}
	}
	return okReply(c.blobJSON(r, sha, o.data))
}

// getContents serves GET /repos/{owner}/{repo}/contents/{path}?ref=: a file
// as one object with base64 content, a directory as a list of entries.
func getContents(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	ref := c.r.URL.Query().Get("ref")
	if ref == "" {
		ref = r.defaultBranch
	}
	sha, ok := resolveCommit(r, ref)
	if !ok {
		return notFound()
	}
	o, _ := r.git.get(sha, "commit")
	p := strings.Trim(c.vars["path"], "/")
	e, ok := r.git.lookup(o.commit.tree, p)
	if !ok {
		return notFound()
	}
	if e.kind == "blob" && c.wants("raw") {
		b, _ := r.git.get(e.sha, "blob")
		return reply{status: http.StatusOK, raw: b.data, ctype: "application/vnd.github.raw"}
	}
	if e.kind == "blob" {
		return okReply(c.contentJSON(r, ref, p, e, true))
	}
	list := []*github.RepositoryContent{}
	r.git.walk(e.sha, p, false, func(sub string, se entry) bool {
		list = append(list, c.contentJSON(r, ref, sub, se, false))
		return true
	})
	return okReply(list)
}
