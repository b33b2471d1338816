package jobs

import (
	"errors"
	"net/url"
)

// snoozeMessage is the log line for a job snoozed on a RetryLaterError: a request that got no
// answer (refused, reset, timed out) means GitHub is unreachable, not that it asked to slow down.
func snoozeMessage(err error) string {
	var noAnswer *url.Error
	if errors.As(err, &noAnswer) {
		return "GitHub is unreachable; job snoozed"
	}
	return "GitHub asked to slow down; job snoozed"
}
