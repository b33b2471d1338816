package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

// TitlePrefix starts the title of every PRC issue.
const TitlePrefix = "Production readiness: "

// IssueTitle is the title of a service's PRC issue.
func IssueTitle(service string) string { return TitlePrefix + service }

// IsIssueTitle reports whether title is the title of a PRC issue, which recognises a PRC issue
// whose label a person removed.
func IsIssueTitle(title string) bool { return strings.HasPrefix(title, TitlePrefix) }

// issueWork is one service's issue upsert.
type issueWork struct {
	client gh.Client
	repo   gh.Repo
	rules  Rules
	rep    *checklist.Report
	svc    store.Service
	body   string
	// sections maps section ids to titles, and linkBase is where evidence links point: both are
	// saved with the evaluation for re-rendering.
	sections map[string]string
	linkBase string
	due      map[string]time.Time
	// newRepo is set for a repository created a moment ago, which holds no issue prc did not
	// open itself.
	newRepo bool
	// regressed marks the items broken since the launch, by the commit they broke in.
	regressed map[string]string
	// launch is the launch line the body shows, saved for re-rendering.
	launch *render.LaunchNote
}

// upsertIssue makes the service's PRC issue show rep: it creates the issue once, edits it only
// when the rendered body changed, and leaves a dismissed service's closed issue alone. It holds
// the service's lock, shared with the review of people's edits, and renders the ticks as they
// are under the lock, so that a concurrent tick is never rendered away. sha is the commit rep
// evaluated, which names the regressions it finds; newRepo says the repository was created a
// moment ago.
func (r *Reconciler) upsertIssue(ctx context.Context, client gh.Client, repo gh.Repo, rules Rules, rep *checklist.Report, linkBase, sha string, newRepo bool) error {
	results := &rep.Services[0]
	svc, err := r.store.EnsureService(ctx, repo.ID, results.Name)
	if err != nil {
		return err
	}
	return r.withLock(ctx, issueLock(repo.ID, results.Name), func() error {
		svc, err := r.store.ServiceByID(ctx, svc.ID)
		if err != nil {
			return err
		}
		if err := r.applyTicks(ctx, svc.ID, results); err != nil {
			return err
		}
		marks, regs, err := r.trackRegressions(ctx, svc, *results, sha)
		if err != nil {
			return err
		}
		opts := r.renderOptions(rules.Checklist, linkBase, rep)
		opts.Due = campaignDue(rules, *results, repo)
		opts.Regressed = marks
		if opts.Launch, err = r.launchNote(ctx, svc.ID); err != nil {
			return err
		}
		body, err := render.IssueBody(rep, results.Name, opts)
		if err != nil {
			return err
		}
		w := &issueWork{client: client, repo: repo, rules: rules, rep: rep, svc: svc, body: body, sections: opts.SectionTitles, linkBase: linkBase,
			regressed: marks, launch: opts.Launch, due: opts.Due, newRepo: newRepo}
		if err := r.upsertLocked(ctx, w); err != nil {
			return err
		}
		if err := r.syncRegressionComments(ctx, w, regs); err != nil {
			return err
		}
		return r.trackProgress(ctx, w, svc)
	})
}

// issueLock names the lock that serialises work on one service's issue.
func issueLock(repoID int64, service string) string {
	return fmt.Sprintf("issue:%d:%s", repoID, service)
}

func (r *Reconciler) upsertLocked(ctx context.Context, w *issueWork) error {
	if w.svc.Untracked {
		if err := r.retrack(ctx, w); err != nil {
			return err
		}
	}
	if w.svc.State == store.ServiceDismissed {
		return r.saveEvaluation(ctx, w, w.svc.BodyHash)
	}
	if w.svc.IssueNumber != 0 {
		issue, err := w.client.Issue(ctx, w.repo.Owner, w.repo.Name, w.svc.IssueNumber)
		switch {
		case err == nil:
			return r.updateIssue(ctx, w, issue)
		case !isNotFound(err):
			return err
		}
		r.logger(ctx).WithFields(fieldsOf(w.repo, w.svc.Name)).WithField(logctx.Issue, w.svc.IssueNumber).Info("PRC issue was deleted; recreating it")
	}
	return r.createIssue(ctx, w)
}

// createIssue opens the PRC issue, unless an issue carrying this service's marker already exists
// (a retry after a crash between creating and recording it). The caller holds the service's lock.
func (r *Reconciler) createIssue(ctx context.Context, w *issueWork) error {
	if !neverOpened(w) {
		existing, err := r.findMarkedIssue(ctx, w)
		if err != nil {
			return err
		}
		if existing != nil {
			if err := r.store.SetIssue(ctx, w.svc.ID, existing.Number, w.rep.Checklist.Version, w.svc.BodyHash); err != nil {
				return err
			}
			w.svc.IssueNumber = existing.Number
			return r.updateIssue(ctx, w, *existing)
		}
	}
	// The evaluation saved before opening marks the attempt: should the process die between
	// opening the issue and recording it, the next attempt looks before opening another.
	if err := r.saveEvaluation(ctx, w, w.svc.BodyHash); err != nil {
		return err
	}
	if err := w.client.EnsureLabel(ctx, w.repo.Owner, w.repo.Name, r.set.IssueLabel, "0e8a16", "Production readiness checklist"); err != nil {
		var later *gh.RetryLaterError
		if errors.As(err, &later) {
			return err
		}
		// GitHub creates a missing label when an issue is opened with it; only its colour is lost.
		r.logger(ctx).WithFields(fieldsOf(w.repo, w.svc.Name)).WithError(err).Warn("label not ensured; opening the issue anyway")
	}
	title := IssueTitle(w.svc.Name)
	issue, err := w.client.CreateIssue(ctx, w.repo.Owner, w.repo.Name, gh.IssueInput{Title: &title, Body: &w.body, Labels: []string{r.set.IssueLabel}})
	if err != nil {
		return err
	}
	r.logger(ctx).WithFields(fieldsOf(w.repo, w.svc.Name)).WithField(logctx.Issue, issue.Number).Info("PRC issue opened")
	metrics.From(ctx).IssueOpened()
	if err := r.store.SetIssue(ctx, w.svc.ID, issue.Number, w.rep.Checklist.Version, hashBody(w.body)); err != nil {
		return err
	}
	w.svc.IssueNumber = issue.Number
	return r.saveEvaluation(ctx, w, hashBody(w.body))
}

// neverOpened reports whether no PRC issue can exist for the service yet, so that looking for
// one is a wasted read: its repository was created a moment ago (so every issue in it is one
// prc opened), and the store holds no issue and no earlier attempt to open one for it.
func neverOpened(w *issueWork) bool {
	return w.newRepo && w.svc.IssueNumber == 0 && len(w.svc.Evaluation) == 0 && w.svc.BodyHash == ""
}

// findMarkedIssue looks for an issue, open or closed, whose meta marker names this service.
func (r *Reconciler) findMarkedIssue(ctx context.Context, w *issueWork) (*gh.Issue, error) {
	issues, err := w.client.FindIssues(ctx, w.repo.Owner, w.repo.Name, r.set.IssueLabel)
	if err != nil {
		return nil, err
	}
	for i := range issues {
		parsed, _ := render.ParseBody(issues[i].Body)
		if parsed.Meta.Service == w.svc.Name || (parsed.Meta.Service == "" && issues[i].Title == IssueTitle(w.svc.Name)) {
			return &issues[i], nil
		}
	}
	return nil, nil
}

// updateIssue brings an existing issue in line: a closed issue marks the service dismissed, a
// body without markers is rebuilt, a new checklist version is announced.
func (r *Reconciler) updateIssue(ctx context.Context, w *issueWork, issue gh.Issue) error {
	if issue.State == "closed" {
		if err := r.store.SetServiceState(ctx, w.svc.ID, store.ServiceDismissed); err != nil {
			return err
		}
		return r.saveEvaluation(ctx, w, hashBody(issue.Body))
	}
	parsed, perr := render.ParseBody(issue.Body)
	var comment string
	switch {
	case perr != nil:
		comment = render.RebuiltComment(w.rep.Services[0])
	case parsed.Meta.Version != "" && parsed.Meta.Version != w.rep.Checklist.Version:
		comment = render.MigrationComment(parsed, w.rules.Checklist, w.rep.Checklist.Version)
	}
	if !sameBody(issue.Body, w.body) {
		if _, err := w.client.EditIssue(ctx, w.repo.Owner, w.repo.Name, issue.Number, gh.IssueInput{Body: &w.body}); err != nil {
			return err
		}
	}
	if err := r.saveEvaluation(ctx, w, hashBody(w.body)); err != nil {
		return err
	}
	if comment != "" {
		return w.client.Comment(ctx, w.repo.Owner, w.repo.Name, issue.Number, comment)
	}
	return nil
}

// saved is what the store keeps of a service's latest evaluation: enough to re-render its issue
// and judge ticks and launches without reading the repository again.
type saved struct {
	Report   *checklist.Report `json:"report"`
	Sections map[string]string `json:"sections"`
	LinkBase string            `json:"link_base,omitempty"`
	// Due are the campaign due dates the issue shows.
	Due map[string]time.Time `json:"due,omitempty"`
	// Regressed are the issue's regression marks, item → commit.
	Regressed map[string]string `json:"regressed,omitempty"`
	// Launch is the launch line the body showed, nil before a launch.
	Launch *render.LaunchNote `json:"launch,omitempty"`
}

func (r *Reconciler) saveEvaluation(ctx context.Context, w *issueWork, bodyHash string) error {
	data, err := json.Marshal(saved{Report: w.rep, Sections: w.sections, LinkBase: w.linkBase, Due: w.due, Regressed: w.regressed, Launch: w.launch})
	if err != nil {
		return err
	}
	return r.store.SaveEvaluation(ctx, w.svc.ID, data, w.rep.Checklist.Version, bodyHash)
}

// loadSaved decodes a service's saved evaluation; ok is false when there is none usable.
func loadSaved(svc store.Service) (saved, bool) {
	var s saved
	if err := json.Unmarshal(svc.Evaluation, &s); err != nil || s.Report == nil || len(s.Report.Services) != 1 {
		return s, false
	}
	return s, true
}

func fieldsOf(repo gh.Repo, service string) map[string]any {
	return map[string]any{logctx.Repo: repo.FullName(), logctx.Service: service}
}
