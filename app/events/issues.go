package events

import (
	"context"
	"slices"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/reconcile"
	"github.com/riverqueue/river"
)

// issues reacts to people acting on PRC issues: edits (ticks), closing and reopening, the launch
// label, and deletion.
func (d *Dispatcher) issues(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.IssuesEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	issue := ev.GetIssue()
	if issue.IsPullRequest() {
		return nil, nil
	}
	repo := jobRepo(ev.GetInstallation(), ev.GetRepo())
	// The title recognises a PRC issue whose label a person removed.
	isPRC := slices.Contains(labelNames(issue.Labels), d.set.IssueLabel) || reconcile.IsIssueTitle(issue.GetTitle())
	sender := ev.GetSender().GetLogin()
	switch ev.GetAction() {
	case "edited":
		if !isPRC || titleOnly(ev.GetChanges()) {
			return nil, nil
		}
		return []river.JobArgs{jobs.ReviewEditArgs{Repo: repo, Number: issue.GetNumber(), Sender: sender, Body: issue.GetBody()}}, nil
	case "closed", "reopened":
		if !isPRC {
			return nil, nil
		}
		return []river.JobArgs{jobs.IssueStateArgs{Repo: repo, Number: issue.GetNumber(), Closed: ev.GetAction() == "closed"}}, nil
	case "labeled":
		if ev.GetLabel().GetName() != d.set.LaunchLabel || !isPRC {
			return nil, nil
		}
		return []river.JobArgs{jobs.LaunchArgs{Repo: repo, Number: issue.GetNumber(), Sender: sender}}, nil
	case "deleted":
		if !isPRC {
			return nil, nil
		}
		return []river.JobArgs{jobs.ReconcileArgs{Repo: repo, Reason: "PRC issue deleted"}}, nil
	}
	return nil, nil
}

// titleOnly reports whether an edit changed the title and not the body. An edit that names no
// change at all is reviewed: the review recognises bodies the app wrote itself.
func titleOnly(c *github.EditChange) bool {
	return c != nil && c.GetBody() == nil && c.GetTitle() != nil
}
