package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// pullRequest posts the readiness check on every pull request, and gates the launch label.
func (d *Dispatcher) pullRequest(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.PullRequestEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	pr := ev.GetPullRequest()
	repo := jobRepo(ev.GetInstallation(), ev.GetRepo())
	check := jobs.CheckArgs{Repo: repo, HeadSHA: pr.GetHead().GetSHA(), BaseSHA: pr.GetBase().GetSHA(), Numbers: []int{pr.GetNumber()}}
	switch ev.GetAction() {
	case "opened", "synchronize", "reopened":
		return []river.JobArgs{check}, nil
	case "labeled":
		if ev.GetLabel().GetName() != d.set.LaunchLabel {
			return []river.JobArgs{check}, nil
		}
		launch := jobs.LaunchArgs{Repo: repo, Number: pr.GetNumber(), PullRequest: true, Sender: ev.GetSender().GetLogin()}
		return []river.JobArgs{launch, check}, nil
	}
	return nil, nil
}
