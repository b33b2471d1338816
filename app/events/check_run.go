package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// checkRun re-posts the readiness check when someone re-runs it.
func (d *Dispatcher) checkRun(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.CheckRunEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	run := ev.GetCheckRun()
	check := jobs.CheckArgs{Repo: jobRepo(ev.GetInstallation(), ev.GetRepo()), HeadSHA: run.GetHeadSHA()}
	for _, pr := range run.PullRequests {
		check.Numbers = append(check.Numbers, pr.GetNumber())
		if check.BaseSHA == "" {
			check.BaseSHA = pr.GetBase().GetSHA()
		}
	}
	return []river.JobArgs{check}, nil
}
