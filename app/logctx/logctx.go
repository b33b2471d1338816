// Package logctx carries a request's or a job's log entry in its context, so that code deep in
// the call chain logs with the delivery, event, installation, repo and job fields of its caller.
package logctx

import (
	"context"

	"github.com/sirupsen/logrus"
)

// The names of the log fields prc's entries carry, one per concept, as go-githubapp does.
const (
	Delivery     = "delivery"
	Event        = "event"
	Action       = "action"
	Installation = "installation"
	Repo         = "repo"
	Service      = "service"
	Issue        = "issue"
	Job          = "job"
	JobID        = "job_id"
	Attempt      = "attempt"
)

type key struct{}

// With returns ctx carrying log.
func With(ctx context.Context, log logrus.FieldLogger) context.Context {
	return context.WithValue(ctx, key{}, log)
}

// From returns the logger ctx carries, or fallback.
func From(ctx context.Context, fallback logrus.FieldLogger) logrus.FieldLogger {
	if log, ok := ctx.Value(key{}).(logrus.FieldLogger); ok {
		return log
	}
	return fallback
}
