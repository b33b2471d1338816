package jobs

import (
	"context"
	"errors"
	"strings"

	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/reconcile"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"
)

type reconcileWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	d Deps
}

// Work evaluates the repository and upserts its PRC issues; with SkipUnchanged, only when what
// the evaluation reads changed. While another reconcile of the repository runs, it leaves one
// follow-up behind it instead (see followUp).
func (w *reconcileWorker) Work(ctx context.Context, job *river.Job[ReconcileArgs]) error {
	log := w.d.jobLog(job.JobRow, repoFields(job.Args.Repo)).WithField("reason", job.Args.Reason)
	if job.Args.Background {
		if err := w.d.yield(log, job.Args.InstallationID); err != nil {
			return err
		}
	}
	run := w.d.Reconciler.Repository
	if job.Args.SkipUnchanged {
		run = w.d.Reconciler.RepositoryIfChanged
	}
	ctx = reconcile.WithTrigger(withLog(ctx, log), reconcile.Trigger{Sender: job.Args.Sender, OldProperties: job.Args.OldProperties})
	err := run(ctx, target(job.Args.Repo), job.Args.Force)
	switch {
	case errors.Is(err, reconcile.ErrBusy):
		err = w.followUp(ctx, job.Args, log)
	case err == nil && w.d.Stale != nil:
		if cerr := w.d.Stale.ClearStale(ctx, job.Args.InstallationID, job.Args.Owner, job.Args.Name); cerr != nil {
			log.WithError(cerr).Warn("stale mark not cleared")
		}
	}
	return w.d.outcome(log, err)
}

// followUpPrefix marks the reason of a follow-up reconcile, so that a backfill's step is
// counted once: by the job that found the repository busy, not again by its follow-up.
const followUpPrefix = "after busy: "

// followUp is the trailing edge of the debounce: a reconcile that finds its repository busy
// completes, leaving one follow-up that waits for busyRetry, unless a waiting reconcile already
// stands for it. Every such insert is serialised with the others of the repository, so however
// many events arrive while an evaluation runs, one more evaluation follows it, of the newest state.
func (w *reconcileWorker) followUp(ctx context.Context, args ReconcileArgs, log logrus.FieldLogger) error {
	if !strings.HasPrefix(args.Reason, followUpPrefix) {
		args.Reason = followUpPrefix + args.Reason
	}
	opts := &river.InsertOpts{ScheduledAt: w.d.now().Add(busyRetry)}
	if err := w.d.Store.Enqueue(ctx, args, opts); err != nil {
		return err
	}
	log.Debug("repository busy; one follow-up reconcile waits behind the running one")
	return nil
}

type reviewEditWorker struct {
	river.WorkerDefaults[ReviewEditArgs]
	d Deps
}

// Work judges a person's edit of a PRC issue.
func (w *reviewEditWorker) Work(ctx context.Context, job *river.Job[ReviewEditArgs]) error {
	a := job.Args
	log := w.d.jobLog(job.JobRow, repoFields(a.Repo)).WithFields(logrus.Fields{logctx.Issue: a.Number, "sender": a.Sender})
	return w.d.outcome(log, w.d.Reconciler.ReviewEdit(withLog(ctx, log), target(a.Repo), reconcile.Edit{Number: a.Number, Sender: a.Sender, Body: a.Body}))
}

type launchWorker struct {
	river.WorkerDefaults[LaunchArgs]
	d Deps
}

// Work gates a launch label.
func (w *launchWorker) Work(ctx context.Context, job *river.Job[LaunchArgs]) error {
	a := job.Args
	log := w.d.jobLog(job.JobRow, repoFields(a.Repo)).WithFields(logrus.Fields{"number": a.Number, "sender": a.Sender})
	return w.d.outcome(log, w.d.Reconciler.Launch(withLog(ctx, log), target(a.Repo), reconcile.LaunchRequest{Number: a.Number, PullRequest: a.PullRequest, Sender: a.Sender}))
}

type checkWorker struct {
	river.WorkerDefaults[CheckArgs]
	d Deps
}

// Work posts the readiness check run.
func (w *checkWorker) Work(ctx context.Context, job *river.Job[CheckArgs]) error {
	a := job.Args
	log := w.d.jobLog(job.JobRow, repoFields(a.Repo)).WithField("head_sha", a.HeadSHA)
	return w.d.outcome(log, w.d.Reconciler.PullRequestCheck(withLog(ctx, log), target(a.Repo), reconcile.PullCheck{HeadSHA: a.HeadSHA, BaseSHA: a.BaseSHA, Numbers: a.Numbers}))
}

type issueStateWorker struct {
	river.WorkerDefaults[IssueStateArgs]
	d Deps
}

// Work records a PRC issue closed or reopened by a person.
func (w *issueStateWorker) Work(ctx context.Context, job *river.Job[IssueStateArgs]) error {
	a := job.Args
	log := w.d.jobLog(job.JobRow, repoFields(a.Repo)).WithField(logctx.Issue, a.Number)
	if a.Closed {
		return w.d.outcome(log, w.d.Reconciler.IssueClosed(withLog(ctx, log), target(a.Repo), a.Number))
	}
	return w.d.outcome(log, w.d.Reconciler.IssueReopened(withLog(ctx, log), target(a.Repo), a.Number))
}
