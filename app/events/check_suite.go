package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/riverqueue/river"
)

// checkSuite posts the readiness check when GitHub requests or re-requests a check suite.
func (d *Dispatcher) checkSuite(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.CheckSuiteEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	suite := ev.GetCheckSuite()
	return []river.JobArgs{checkArgs(jobRepo(ev.GetInstallation(), ev.GetRepo()), suite.GetHeadSHA(), suite.PullRequests)}, nil
}
