package githubfake

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Issue is a snapshot of an issue or pull request.
type Issue struct {
	Number      int
	Title, Body string
	State       string // open or closed
	StateReason string // completed, not_planned, reopened or ""
	Author      string
	Labels      []string
	PullRequest bool
	Comments    int
	ClosedBy    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    time.Time
}

// Comment is a snapshot of an issue comment.
type Comment struct {
	ID        int64
	Body      string
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Label is a snapshot of a repository label.
type Label struct {
	ID          int64
	Name        string
	Color       string
	Description string
}

// Annotation is one check-run annotation, as the app sent it.
type Annotation struct {
	Path                   string
	StartLine, EndLine     int
	StartColumn, EndColumn int
	Level                  string
	Message                string
	Title                  string
	RawDetails             string
}

// CheckRun is a snapshot of a check run with every annotation it accumulated.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	ExternalID  string
	DetailsURL  string
	Title       string
	Summary     string
	Text        string
	Annotations []Annotation
	StartedAt   time.Time
	CompletedAt time.Time
}

func (i *issue) snapshot() Issue {
	return Issue{Number: i.number, Title: i.title, Body: i.body, State: i.state, StateReason: i.stateReason,
		Author: i.author, Labels: slices.Clone(i.labels), PullRequest: i.pull != nil, Comments: len(i.comments),
		ClosedBy: i.closedBy, CreatedAt: i.created, UpdatedAt: i.updated, ClosedAt: i.closed}
}

func (cr *checkRun) snapshot() CheckRun {
	return CheckRun{ID: cr.id, Name: cr.name, HeadSHA: cr.headSHA, Status: cr.status, Conclusion: cr.conclusion,
		ExternalID: cr.externalID, DetailsURL: cr.detailsURL, Title: cr.title, Summary: cr.summary, Text: cr.text,
		Annotations: slices.Clone(cr.annotations), StartedAt: cr.started, CompletedAt: cr.completed}
}

// inRepo runs fn with a repository under the lock; a missing one fails the test.
func (f *Fake) inRepo(owner, name string, fn func(st *state, r *repo) error) {
	f.locked(func(st *state) error {
		r, err := st.repo(owner, name)
		if err != nil {
			return err
		}
		return fn(st, r)
	})
}

// Issues lists a repository's issues (not pull requests, not deleted ones) by number.
func (f *Fake) Issues(owner, repoName string) []Issue {
	var out []Issue
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		for _, i := range r.issues {
			if !i.deleted && i.pull == nil {
				out = append(out, i.snapshot())
			}
		}
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].Number < out[b].Number })
	return out
}

// Issue returns an issue or pull request by number; false when it does not exist or was deleted.
func (f *Fake) Issue(owner, repoName string, n int) (Issue, bool) {
	var out Issue
	var found bool
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		if i, err := r.issue(n); err == nil {
			out, found = i.snapshot(), true
		}
		return nil
	})
	return out, found
}

// Comments lists an issue's comments in the order they were made.
func (f *Fake) Comments(owner, repoName string, n int) []Comment {
	var out []Comment
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		i, ok := r.issues[n]
		if !ok {
			return fmt.Errorf("no issue %s/%s#%d", owner, repoName, n)
		}
		for _, id := range i.comments {
			c := r.comments[id]
			out = append(out, Comment{ID: c.id, Body: c.body, Author: c.author, CreatedAt: c.created, UpdatedAt: c.updated})
		}
		return nil
	})
	return out
}

// Labels lists the label names on an issue or pull request, in the order added.
func (f *Fake) Labels(owner, repoName string, n int) []string {
	var out []string
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		i, err := r.issue(n)
		if err != nil {
			return err
		}
		out = slices.Clone(i.labels)
		return nil
	})
	return out
}

// RepoLabels lists a repository's labels by name.
func (f *Fake) RepoLabels(owner, repoName string) []Label {
	var out []Label
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		for _, l := range r.labels {
			out = append(out, Label{ID: l.id, Name: l.name, Color: l.color, Description: l.description})
		}
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// CheckRuns lists the check runs on a commit, oldest first.
func (f *Fake) CheckRuns(owner, repoName, sha string) []CheckRun {
	var out []CheckRun
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		for _, cr := range r.checks {
			if cr.headSHA == sha {
				out = append(out, cr.snapshot())
			}
		}
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}
