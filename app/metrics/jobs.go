package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// JobMiddleware is River worker middleware that counts every job by kind and outcome, times it,
// and puts the Metrics in the job's context for the counters deeper down.
type JobMiddleware struct {
	river.MiddlewareDefaults
	m   *Metrics
	now func() time.Time
}

// Jobs returns the worker middleware for m.
func (m *Metrics) Jobs() *JobMiddleware { return &JobMiddleware{m: m, now: time.Now} }

// Work runs the job and records it.
func (j *JobMiddleware) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	start := j.now()
	err := doInner(NewContext(ctx, j.m))
	j.m.Job(job.Kind, jobOutcome(err), j.now().Sub(start))
	return err
}

func jobOutcome(err error) string {
	var cancel *river.JobCancelError
	var snooze *river.JobSnoozeError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &cancel):
		return "cancelled"
	case errors.As(err, &snooze):
		return "snoozed"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "error"
}
