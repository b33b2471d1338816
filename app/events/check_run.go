package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/riverqueue/river"
)

// checkRun re-posts the readiness check when someone re-runs it.
func (d *Dispatcher) checkRun(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.CheckRunEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	run := ev.GetCheckRun()
	return []river.JobArgs{checkArgs(jobRepo(ev.GetInstallation(), ev.GetRepo()), run.GetHeadSHA(), run.PullRequests)}, nil
}
