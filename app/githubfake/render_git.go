package githubfake

import (
	"encoding/base64"
	"path"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
)

// maxContentSize is the largest file the contents API returns inline; larger
// files come back with encoding "none" and empty content, as on GitHub.
const maxContentSize = 1 << 20

// wrapBase64 encodes content the way GitHub does: base64 in 60-column lines.
func wrapBase64(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 60 {
		b.WriteString(enc[:60])
		b.WriteByte('\n')
		enc = enc[60:]
	}
	b.WriteString(enc)
	b.WriteByte('\n')
	return b.String()
}

func (c *call) author(cd *commitData) *github.CommitAuthor {
	return &github.CommitAuthor{Name: str(cd.author), Email: str(cd.email), Date: ts(cd.when)}
}

// gitCommitJSON renders a commit as the Git Data API does.
func (c *call) gitCommitJSON(r *repo, sha string) *github.Commit {
	o, _ := r.git.get(sha, "commit")
	cd := o.commit
	out := &github.Commit{
		SHA: str(sha), NodeID: str(nodeID("Commit", itoa64(r.id)+":"+sha)), Author: c.author(cd), Committer: c.author(cd),
		Message: str(cd.message), URL: str(c.api("/repos/%s/git/commits/%s", r.fullName(), sha)),
		HTMLURL: str(webURL + "/" + r.fullName() + "/commit/" + sha),
		Tree:    &github.Tree{SHA: str(cd.tree)}, Parents: []*github.Commit{},
		Verification: &github.SignatureVerification{Verified: yes(false), Reason: str("unsigned")},
	}
	for _, p := range cd.parents {
		out.Parents = append(out.Parents, &github.Commit{SHA: str(p), URL: str(c.api("/repos/%s/git/commits/%s", r.fullName(), p)),
			HTMLURL: str(webURL + "/" + r.fullName() + "/commit/" + p)})
	}
	return out
}

// repoCommitJSON renders a commit as the repository commits API does,
// listing the files changed against its first parent.
func (c *call) repoCommitJSON(r *repo, sha string) *github.RepositoryCommit {
	gc := c.gitCommitJSON(r, sha)
	out := &github.RepositoryCommit{
		SHA: str(sha), NodeID: gc.NodeID, Commit: gc, Parents: gc.Parents,
		Author: c.userJSON("octocat"), Committer: c.userJSON("octocat"),
		URL: str(c.api("/repos/%s/commits/%s", r.fullName(), sha)), HTMLURL: gc.HTMLURL,
		CommentsURL: str(c.api("/repos/%s/commits/%s/comments", r.fullName(), sha)),
	}
	var before map[string]string
	if len(gc.Parents) > 0 {
		before = r.git.files(gc.Parents[0].GetSHA())
	}
	after := r.git.files(sha)
	out.Files = changedFiles(before, after)
	return out
}

func changedFiles(before, after map[string]string) []*github.CommitFile {
	var out []*github.CommitFile
	for p, sha := range after {
		switch old, ok := before[p]; {
		case !ok:
			out = append(out, &github.CommitFile{Filename: str(p), SHA: str(sha), Status: str("added")})
		case old != sha:
			out = append(out, &github.CommitFile{Filename: str(p), SHA: str(sha), Status: str("modified")})
		}
	}
	for p, sha := range before {
		if _, ok := after[p]; !ok {
			out = append(out, &github.CommitFile{Filename: str(p), SHA: str(sha), Status: str("removed")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GetFilename() < out[j].GetFilename() })
	return out
}

func (c *call) refJSON(r *repo, branch string) *github.Reference {
	sha := r.branches[branch]
	return &github.Reference{
		Ref: str("refs/heads/" + branch), NodeID: str(nodeID("Ref", itoa64(r.id)+":refs/heads/"+branch)),
		URL:    str(c.api("/repos/%s/git/refs/heads/%s", r.fullName(), branch)),
		Object: &github.GitObject{Type: str("commit"), SHA: str(sha), URL: str(c.api("/repos/%s/git/commits/%s", r.fullName(), sha))},
	}
}

func (c *call) treeEntryJSON(r *repo, p string, e entry) *github.TreeEntry {
	out := &github.TreeEntry{Path: str(p), Mode: str(apiMode(e.mode)), Type: str(e.kind), SHA: str(e.sha),
		URL: str(c.api("/repos/%s/git/%ss/%s", r.fullName(), e.kind, e.sha))}
	if e.kind == "blob" {
		b, _ := r.git.get(e.sha, "blob")
		out.Size = num(len(b.data))
	}
	return out
}

func (c *call) blobJSON(r *repo, sha string, data []byte) *github.Blob {
	return &github.Blob{SHA: str(sha), NodeID: str(nodeID("Blob", itoa64(r.id)+":"+sha)), Size: num(len(data)),
		Content: str(wrapBase64(data)), Encoding: str("base64"), URL: str(c.api("/repos/%s/git/blobs/%s", r.fullName(), sha))}
}

// contentJSON renders one contents-API entry; withContent inlines a file's bytes.
func (c *call) contentJSON(r *repo, ref, p string, e entry, withContent bool) *github.RepositoryContent {
	kind := "file"
	if e.kind == "tree" {
		kind = "dir"
	}
	out := &github.RepositoryContent{
		Type: str(kind), Name: str(path.Base(p)), Path: str(p), SHA: str(e.sha),
		URL:     str(c.api("/repos/%s/contents/%s?ref=%s", r.fullName(), p, ref)),
		GitURL:  str(c.api("/repos/%s/git/%ss/%s", r.fullName(), e.kind, e.sha)),
		HTMLURL: str(webURL + "/" + r.fullName() + "/blob/" + ref + "/" + p),
	}
	if e.kind != "blob" {
		out.Size = num(0)
		return out
	}
	b, _ := r.git.get(e.sha, "blob")
	out.Size = num(len(b.data))
	out.DownloadURL = str("https://raw.githubusercontent.com/" + r.fullName() + "/" + ref + "/" + p)
	if withContent {
		out.Encoding, out.Content = str("base64"), str(wrapBase64(b.data))
		if len(b.data) > maxContentSize {
			out.Encoding, out.Content = str("none"), str("")
		}
	}
	return out
}
