package jobs

import (
	"time"

	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

// Budget tells when an installation's GitHub rate limit runs low: *ghclient.Clients in
// production.
type Budget interface {
	Low(installationID int64) (until time.Time, low bool)
}

// yield snoozes background work for an installation whose rate limit runs low, until its
// window resets, so that what is left goes to event-driven work; nil means go ahead.
func (d Deps) yield(log logrus.FieldLogger, installationID int64) error {
	if d.Budget == nil {
		return nil
	}
	until, low := d.Budget.Low(installationID)
	if !low {
		return nil
	}
	wait := max(until.Sub(d.now()), time.Second)
	log.WithField("retry_in", wait.String()).Info("GitHub rate limit running low; background work waits for the reset")
	return river.JobSnooze(wait)
}
