package githubfake

import (
	"net/url"
	"time"

	"github.com/google/go-github/v60/github"
)

// The render functions build go-github structs from state, so responses use
// exactly the field names go-github (and GitHub) use. They run under the lock
// and share nothing mutable with the state.

var (
	str = github.String
	i64 = github.Int64
	num = github.Int
	yes = github.Bool
)

func ts(t time.Time) *github.Timestamp {
	if t.IsZero() {
		return nil
	}
	return &github.Timestamp{Time: t}
}

func (c *call) userJSON(login string) *github.User {
	u := c.st.user(login)
	return &github.User{
		Login: str(u.login), ID: i64(u.id), NodeID: str(nodeID(u.kind, u.id)), Type: str(u.kind),
		SiteAdmin: yes(false), HTMLURL: str(webURL + "/" + u.login), URL: str(c.api("/users/%s", u.login)),
		AvatarURL: str("https://avatars.githubusercontent.com/u/" + itoa64(u.id) + "?v=4"),
	}
}

func (c *call) repoJSON(r *repo) *github.Repository {
	visibility := "public"
	if r.private {
		visibility = "private"
	}
	return &github.Repository{
		ID: i64(r.id), NodeID: str(nodeID("Repository", r.id)), Name: str(r.name), FullName: str(r.fullName()),
		Owner: c.userJSON(r.owner), Private: yes(r.private), Visibility: str(visibility), Fork: yes(false),
		Archived: yes(false), Disabled: yes(false), DefaultBranch: str(r.defaultBranch),
		HTMLURL: str(webURL + "/" + r.fullName()), URL: str(c.api("/repos/%s", r.fullName())),
		CreatedAt: ts(r.created), UpdatedAt: ts(r.pushed), PushedAt: ts(r.pushed), Topics: append([]string{}, r.topics...),
	}
}

func (c *call) labelJSON(r *repo, name string) *github.Label {
	l := r.label(name)
	if l == nil {
		l = &label{name: name, color: "ededed"}
	}
	return &github.Label{
		ID: i64(l.id), NodeID: str(nodeID("Label", l.id)), Name: str(l.name), Color: str(l.color),
		Description: str(l.description), Default: yes(false), URL: str(c.api("/repos/%s/labels/%s", r.fullName(), url.PathEscape(l.name))),
	}
}

func (c *call) labelsJSON(r *repo, names []string) []*github.Label {
	out := make([]*github.Label, 0, len(names))
	for _, n := range names {
		out = append(out, c.labelJSON(r, n))
	}
	return out
}

func (c *call) issueJSON(r *repo, i *issue) *github.Issue {
	api := c.api("/repos/%s/issues/%d", r.fullName(), i.number)
	out := &github.Issue{
		ID: i64(i.id), NodeID: str(nodeID("Issue", i.id)), Number: num(i.number), State: str(i.state),
		Title: str(i.title), Body: str(i.body), User: c.userJSON(i.author), Labels: c.labelsJSON(r, i.labels),
		Comments: num(len(i.comments)), Locked: yes(false), AuthorAssociation: str(c.association(r, i.author)),
		CreatedAt: ts(i.created), UpdatedAt: ts(i.updated), ClosedAt: ts(i.closed),
		URL: str(api), HTMLURL: str(c.htmlIssueURL(r, i)), CommentsURL: str(api + "/comments"),
		LabelsURL: str(api + "/labels{/name}"), RepositoryURL: str(c.api("/repos/%s", r.fullName())),
	}
	if i.stateReason != "" {
		out.StateReason = str(i.stateReason)
	}
	if i.closedBy != "" {
		out.ClosedBy = c.userJSON(i.closedBy)
	}
	if i.pull != nil {
		pr := c.api("/repos/%s/pulls/%d", r.fullName(), i.number)
		out.PullRequestLinks = &github.PullRequestLinks{URL: str(pr), HTMLURL: str(c.htmlIssueURL(r, i)),
			DiffURL: str(c.htmlIssueURL(r, i) + ".diff"), PatchURL: str(c.htmlIssueURL(r, i) + ".patch")}
	}
	return out
}

func (c *call) htmlIssueURL(r *repo, i *issue) string {
	kind := "issues"
	if i.pull != nil {
		kind = "pull"
	}
	return webURL + "/" + r.fullName() + "/" + kind + "/" + itoa64(int64(i.number))
}

// association approximates author_association from the user's role.
func (c *call) association(r *repo, login string) string {
	switch r.perms[lower(login)] {
	case "admin", "maintain", "write":
		return "COLLABORATOR"
	}
	return "NONE"
}

func (c *call) commentJSON(r *repo, cm *comment) *github.IssueComment {
	i := r.issues[cm.issue]
	return &github.IssueComment{
		ID: i64(cm.id), NodeID: str(nodeID("IssueComment", cm.id)), Body: str(cm.body), User: c.userJSON(cm.author),
		CreatedAt: ts(cm.created), UpdatedAt: ts(cm.updated), AuthorAssociation: str(c.association(r, cm.author)),
		URL:      str(c.api("/repos/%s/issues/comments/%d", r.fullName(), cm.id)),
		HTMLURL:  str(c.htmlIssueURL(r, i) + "#issuecomment-" + itoa64(cm.id)),
		IssueURL: str(c.api("/repos/%s/issues/%d", r.fullName(), cm.issue)),
	}
}

func (c *call) pullJSON(r *repo, i *issue) *github.PullRequest {
	branch := func(name string) *github.PullRequestBranch {
		return &github.PullRequestBranch{Label: str(r.owner + ":" + name), Ref: str(name), SHA: str(r.branches[name]),
			Repo: c.repoJSON(r), User: c.userJSON(r.owner)}
	}
	return &github.PullRequest{
		ID: i64(i.id), NodeID: str(nodeID("PullRequest", i.id)), Number: num(i.number), State: str(i.state),
		Title: str(i.title), Body: str(i.body), User: c.userJSON(i.author), Labels: c.labelsJSON(r, i.labels),
		Head: branch(i.pull.head), Base: branch(i.pull.base), Draft: yes(false), Merged: yes(false),
		CreatedAt: ts(i.created), UpdatedAt: ts(i.updated), ClosedAt: ts(i.closed),
		URL:      str(c.api("/repos/%s/pulls/%d", r.fullName(), i.number)),
		HTMLURL:  str(c.htmlIssueURL(r, i)),
		IssueURL: str(c.api("/repos/%s/issues/%d", r.fullName(), i.number)),
	}
}

func (c *call) checkRunJSON(r *repo, cr *checkRun) *github.CheckRun {
	api := c.api("/repos/%s/check-runs/%d", r.fullName(), cr.id)
	out := &github.CheckRun{
		ID: i64(cr.id), NodeID: str(nodeID("CheckRun", cr.id)), HeadSHA: str(cr.headSHA), Name: str(cr.name),
		Status: str(cr.status), StartedAt: ts(cr.started), CompletedAt: ts(cr.completed),
		URL: str(api), HTMLURL: str(webURL + "/" + r.fullName() + "/runs/" + itoa64(cr.id)),
		Output: &github.CheckRunOutput{Title: str(cr.title), Summary: str(cr.summary), Text: str(cr.text),
			AnnotationsCount: num(len(cr.annotations)), AnnotationsURL: str(api + "/annotations")},
		CheckSuite:   &github.CheckSuite{ID: i64(cr.suite)},
		App:          &github.App{ID: i64(c.f.cfg.appID), Slug: str(c.f.cfg.slug), Name: str(c.f.cfg.slug)},
		PullRequests: []*github.PullRequest{},
	}
	if cr.conclusion != "" {
		out.Conclusion = str(cr.conclusion)
	}
	if cr.externalID != "" {
		out.ExternalID = str(cr.externalID)
	}
	if cr.detailsURL != "" {
		out.DetailsURL = str(cr.detailsURL)
	}
	return out
}

func annotationJSON(a Annotation) *github.CheckRunAnnotation {
	out := &github.CheckRunAnnotation{Path: str(a.Path), StartLine: num(a.StartLine), EndLine: num(a.EndLine),
		AnnotationLevel: str(a.Level), Message: str(a.Message), Title: str(a.Title), RawDetails: str(a.RawDetails)}
	if a.StartColumn != 0 {
		out.StartColumn, out.EndColumn = num(a.StartColumn), num(a.EndColumn)
	}
	return out
}
