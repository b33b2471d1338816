package githubfake

import "time"

// These methods act as people on github.com would, bypassing the API (and
// its counters), so tests can build the matching webhook payloads.

// CreateIssueAs opens an issue authored by login and returns its number.
func (f *Fake) CreateIssueAs(login, owner, repoName, title, body string, labels ...string) int {
	var n int
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		i := st.newIssue(r, login, title, body, f.now())
		st.addLabels(r, i, labels)
		n = i.number
		return nil
	})
	return n
}

// EditIssueBodyAs replaces an issue's body as login and returns the old body
// (the "changes.body.from" of an issues.edited payload).
func (f *Fake) EditIssueBodyAs(login, owner, repoName string, n int, body string) string {
	var old string
	f.onIssue(owner, repoName, n, func(st *state, _ *repo, i *issue) {
		st.user(login)
		old, i.body, i.updated = i.body, body, f.now()
	})
	return old
}

// CloseIssueAs closes an issue as login, with state_reason "completed".
func (f *Fake) CloseIssueAs(login, owner, repoName string, n int) {
	f.onIssue(owner, repoName, n, func(st *state, _ *repo, i *issue) {
		i.close(st.user(login).login, "completed", f.now())
	})
}

// ReopenIssueAs reopens an issue as login.
func (f *Fake) ReopenIssueAs(login, owner, repoName string, n int) {
	f.onIssue(owner, repoName, n, func(st *state, _ *repo, i *issue) {
		st.user(login)
		i.reopen(f.now())
	})
}

// CommentAs comments on an issue as login and returns the comment id.
func (f *Fake) CommentAs(login, owner, repoName string, n int, body string) int64 {
	var id int64
	f.onIssue(owner, repoName, n, func(st *state, r *repo, i *issue) {
		id = st.addComment(r, i, login, body, f.now()).id
	})
	return id
}

// AddLabelToIssue labels an issue or pull request as a person would,
// creating the repository label if needed.
func (f *Fake) AddLabelToIssue(owner, repoName string, n int, name string) {
	f.onIssue(owner, repoName, n, func(st *state, r *repo, i *issue) {
		st.addLabels(r, i, []string{name})
		i.updated = f.now()
	})
}

// RemoveLabelFromIssue takes a label off an issue or pull request.
func (f *Fake) RemoveLabelFromIssue(owner, repoName string, n int, name string) {
	f.onIssue(owner, repoName, n, func(_ *state, _ *repo, i *issue) {
		i.removeLabel(name)
		i.updated = f.now()
	})
}

// DeleteIssue deletes an issue; the API answers 410 Gone for it afterwards.
func (f *Fake) DeleteIssue(owner, repoName string, n int) {
	f.onIssue(owner, repoName, n, func(_ *state, _ *repo, i *issue) {
		i.deleted = true
	})
}

// onIssue runs fn on a live issue; a missing one fails the test.
func (f *Fake) onIssue(owner, repoName string, n int, fn func(st *state, r *repo, i *issue)) {
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		i, err := r.issue(n)
		if err != nil {
			return err
		}
		fn(st, r, i)
		return nil
	})
}

// addComment appends a comment to an issue.
func (st *state) addComment(r *repo, i *issue, author, body string, now time.Time) *comment {
	c := &comment{id: st.newID(), issue: i.number, body: body, author: st.user(author).login, created: now, updated: now}
	r.comments[c.id] = c
	i.comments = append(i.comments, c.id)
	i.updated = now
	return c
}
