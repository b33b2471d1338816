package jobs

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/prchq/prc/app/logctx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// StaleMarker records which repositories' services may be out of date: *store.Store in production.
type StaleMarker interface {
	MarkStale(ctx context.Context, installationID int64, owner, name, reason string) error
	ClearStale(ctx context.Context, installationID int64, owner, name string) error
}

// GiveUp is River worker middleware that makes giving up visible. A job whose last try fails
// (River discards it then) is logged at error level and counted in prc_jobs_gave_up_total{kind};
// when it was for a repository, the repository's services are marked stale on the dashboard.
// A successful reconcile of the repository clears the mark (Deps.Stale).
type GiveUp struct {
	river.MiddlewareDefaults
	// Stale is where the marks go; it may be set after NewGiveUp, before any job runs.
	Stale   StaleMarker
	log     logrus.FieldLogger
	counter *prometheus.CounterVec
}

// NewGiveUp registers prc_jobs_gave_up_total with reg and returns the middleware.
func NewGiveUp(stale StaleMarker, log logrus.FieldLogger, reg prometheus.Registerer) (*GiveUp, error) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "prc_jobs_gave_up_total",
		Help: "Jobs given up after their last try, by kind."}, []string{"kind"})
	if err := reg.Register(c); err != nil {
		var again prometheus.AlreadyRegisteredError
		if !errors.As(err, &again) {
			return nil, err
		}
		c = again.ExistingCollector.(*prometheus.CounterVec) // an App built again on the same registry
	}
	return &GiveUp{Stale: stale, log: log, counter: c}, nil
}

// Work runs the job, then records a give-up.
func (g *GiveUp) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	err := doInner(ctx)
	if lastTryFailed(job, err) {
		repo, hasRepo := repoOf(job)
		g.gaveUp(ctx, job, repo, hasRepo, err)
	}
	return err
}

func (g *GiveUp) gaveUp(ctx context.Context, job *rivertype.JobRow, repo Repo, hasRepo bool, err error) {
	g.counter.WithLabelValues(job.Kind).Inc()
	fields := logrus.Fields{logctx.Job: job.Kind, logctx.JobID: job.ID, logctx.Attempt: job.Attempt, "tries": job.MaxAttempts}
	if hasRepo {
		fields[logctx.Installation], fields[logctx.Repo] = repo.InstallationID, repo.Owner+"/"+repo.Name
	}
	g.log.WithFields(fields).WithError(err).Error("job gave up after its last try")
	if !hasRepo {
		return
	}
	if merr := g.Stale.MarkStale(context.WithoutCancel(ctx), repo.InstallationID, repo.Owner, repo.Name, err.Error()); merr != nil {
		g.log.WithFields(fields).WithError(merr).Warn("repository not marked stale")
	}
}

// lastTryFailed is whether err ends the job's last try with a failure River will not retry: a
// snooze or a cancel (the installation is gone) is not a give-up.
func lastTryFailed(job *rivertype.JobRow, err error) bool {
	var cancel *river.JobCancelError
	var snooze *river.JobSnoozeError
	return err != nil && job.Attempt >= job.MaxAttempts && !errors.As(err, &cancel) && !errors.As(err, &snooze)
}

// repoOf reads the repository a job is for, if its arguments name one.
func repoOf(job *rivertype.JobRow) (Repo, bool) {
	var r Repo
	if json.Unmarshal(job.EncodedArgs, &r) != nil || r.InstallationID == 0 || r.Owner == "" || r.Name == "" {
		return Repo{}, false
	}
	return r, true
}
