package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// checkSuite posts the readiness check when GitHub requests or re-requests a check suite.
func (d *Dispatcher) checkSuite(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.CheckSuiteEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	suite := ev.GetCheckSuite()
	check := jobs.CheckArgs{Repo: jobRepo(ev.GetInstallation(), ev.GetRepo()), HeadSHA: suite.GetHeadSHA()}
	for _, pr := range suite.PullRequests {
		check.Numbers = append(check.Numbers, pr.GetNumber())
		if check.BaseSHA == "" {
			check.BaseSHA = pr.GetBase().GetSHA()
		}
	}
	return []river.JobArgs{check}, nil
}
