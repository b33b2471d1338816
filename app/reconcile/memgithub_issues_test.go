package reconcile

import (
	"context"
	"fmt"
	"slices"

	"github.com/prchq/prc/app/gh"
)

// The issue, comment, label, permission, pull-request and check-run side of memGitHub.

func (m *memGitHub) FindIssues(_ context.Context, owner, name, label string) ([]gh.Issue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("FindIssues"); err != nil {
		return nil, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return nil, err
	}
	var out []gh.Issue
	for _, is := range r.issues {
		if !r.deleted[is.Number] && is.HasLabel(label) {
			out = append(out, *is)
		}
	}
	return out, nil
}

func (m *memGitHub) issueLocked(owner, name string, number int) (*memRepo, *gh.Issue, error) {
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return nil, nil, err
	}
	if number < 1 || number > len(r.issues) || r.deleted[number] {
		return r, nil, fmt.Errorf("issue %d: %w", number, gh.ErrNotFound)
	}
	return r, r.issues[number-1], nil
}

func (m *memGitHub) Issue(_ context.Context, owner, name string, number int) (gh.Issue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("Issue"); err != nil {
		return gh.Issue{}, err
	}
	_, is, err := m.issueLocked(owner, name, number)
	if err != nil {
		return gh.Issue{}, err
	}
	return *is, nil
}

func (m *memGitHub) CreateIssue(_ context.Context, owner, name string, in gh.IssueInput) (gh.Issue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("CreateIssue"); err != nil {
		return gh.Issue{}, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return gh.Issue{}, err
	}
	is := &gh.Issue{Number: len(r.issues) + 1, State: "open", Author: "prc[bot]", Labels: slices.Clone(in.Labels)}
	applyIssueInput(is, in)
	r.issues = append(r.issues, is)
	return *is, nil
}

func applyIssueInput(is *gh.Issue, in gh.IssueInput) {
	if in.Title != nil {
		is.Title = *in.Title
	}
	if in.Body != nil {
		is.Body = *in.Body
	}
	if in.State != nil {
		is.State = *in.State
	}
}

func (m *memGitHub) EditIssue(_ context.Context, owner, name string, number int, in gh.IssueInput) (gh.Issue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("EditIssue"); err != nil {
		return gh.Issue{}, err
	}
	_, is, err := m.issueLocked(owner, name, number)
	if err != nil {
		return gh.Issue{}, err
	}
	applyIssueInput(is, in)
	return *is, nil
}

func (m *memGitHub) Comment(_ context.Context, owner, name string, number int, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("Comment"); err != nil {
		return err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return err
	}
	r.comments[number] = append(r.comments[number], body)
	return nil
}

func (m *memGitHub) EnsureLabel(_ context.Context, owner, name, label, _, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("EnsureLabel"); err != nil {
		return err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return err
	}
	r.labels[label] = true
	return nil
}

// labelsLocked are the labels of issue or pull request number.
func (m *memGitHub) labelsLocked(owner, name string, number int) (*[]string, error) {
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return nil, err
	}
	if pr, ok := r.prs[number]; ok {
		return &pr.Labels, nil
	}
	_, is, err := m.issueLocked(owner, name, number)
	if err != nil {
		return nil, err
	}
	return &is.Labels, nil
}

func (m *memGitHub) AddLabel(_ context.Context, owner, name string, number int, label string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("AddLabel"); err != nil {
		return err
	}
	labels, err := m.labelsLocked(owner, name, number)
	if err == nil && !slices.Contains(*labels, label) {
		*labels = append(*labels, label)
	}
	return err
}

func (m *memGitHub) RemoveLabel(_ context.Context, owner, name string, number int, label string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("RemoveLabel"); err != nil {
		return err
	}
	labels, err := m.labelsLocked(owner, name, number)
	if err == nil {
		*labels = slices.DeleteFunc(*labels, func(l string) bool { return l == label })
	}
	return err
}

func (m *memGitHub) Permission(_ context.Context, owner, name, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("Permission"); err != nil {
		return "", err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return "", err
	}
	if p, ok := r.perms[user]; ok {
		return p, nil
	}
	return gh.PermNone, nil
}

func (m *memGitHub) PullRequest(_ context.Context, owner, name string, number int) (gh.PullRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("PullRequest"); err != nil {
		return gh.PullRequest{}, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return gh.PullRequest{}, err
	}
	pr, ok := r.prs[number]
	if !ok {
		return gh.PullRequest{}, fmt.Errorf("pull request %d: %w", number, gh.ErrNotFound)
	}
	return *pr, nil
}

func (m *memGitHub) UpsertCheckRun(_ context.Context, owner, name string, run gh.CheckRun) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("UpsertCheckRun"); err != nil {
		return 0, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return 0, err
	}
	for i, old := range r.runs {
		if old.Name == run.Name && old.HeadSHA == run.HeadSHA {
			r.runs[i] = run
			return int64(i + 1), nil
		}
	}
	r.runs = append(r.runs, run)
	return int64(len(r.runs)), nil
}
