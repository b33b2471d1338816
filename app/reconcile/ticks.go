package reconcile

import (
	"context"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

// Edit is a person's edit of a PRC issue body, from an issues.edited delivery.
type Edit struct {
	Number int
	Sender string
	Body   string
}

// ReviewEdit judges the boxes a person changed in a PRC issue: manual ticks by people with write
// access are accepted and recorded; other ticks are reverted with a comment saying why. The app's
// own edits are recognised by their body and ignored.
func (r *Reconciler) ReviewEdit(ctx context.Context, t Target, e Edit) error {
	client, repo, err := r.open(ctx, t)
	if err != nil {
		return ignoreNotFound(err)
	}
	svc, ok, err := r.serviceByIssue(ctx, repo.ID, e.Number)
	if err != nil || !ok || hashBody(e.Body) == svc.BodyHash {
		return err
	}
	parsed, perr := render.ParseBody(e.Body)
	if _, ok := loadSaved(svc); perr != nil || !ok {
		return r.Repository(ctx, t, false)
	}
	return r.withLock(ctx, issueLock(repo.ID, svc.Name), func() error {
		svc, err := r.store.ServiceByID(ctx, svc.ID)
		if err != nil {
			return err
		}
		last, _ := loadSaved(svc)
		changed, err := r.judgeTicks(ctx, client, repo, svc, last.Report, parsed, e)
		if err != nil || !changed {
			return err
		}
		if err := r.rerender(ctx, client, repo, svc, last, e.Body); err != nil {
			return err
		}
		return r.recordTickedProgress(ctx, repo, svc, last.Report)
	})
}

func (r *Reconciler) serviceByIssue(ctx context.Context, repoID int64, number int) (store.Service, bool, error) {
	services, err := r.store.Services(ctx, repoID)
	if err != nil {
		return store.Service{}, false, err
	}
	for _, s := range services {
		if s.IssueNumber == number {
			return s, true, nil
		}
	}
	return store.Service{}, false, nil
}

// judgeTicks compares the edited boxes with the truth and records or reverts each change; it
// reports whether any box changed.
func (r *Reconciler) judgeTicks(ctx context.Context, client gh.Client, repo gh.Repo, svc store.Service, rep *checklist.Report, parsed render.Parsed, e Edit) (bool, error) {
	log, err := r.tickLogOf(ctx, svc.ID)
	if err != nil {
		return false, err
	}
	results := map[string]checklist.Result{}
	for _, res := range rep.Services[0].Items {
		results[res.ID] = res
	}
	var manual []render.ParsedItem
	var auto []string
	for _, it := range parsed.Items {
		res, ok := results[it.ID]
		switch {
		case !ok || !it.Box:
		case res.Kind == checklist.KindManual && it.Checked != log.state[it.ID]:
			manual = append(manual, it)
		case res.Kind == checklist.KindAuto && it.Checked != checked(res):
			auto = append(auto, it.ID)
		}
	}
	if err := r.recordTicks(ctx, client, repo, svc, log, results, manual, e.Sender); err != nil {
		return false, err
	}
	if len(auto) > 0 {
		metrics.From(ctx).TicksReverted(len(auto))
		if err := client.Comment(ctx, repo.Owner, repo.Name, e.Number, render.AutoRevertedComment(e.Sender, auto)); err != nil {
			return false, err
		}
	}
	return len(manual)+len(auto) > 0, nil
}

// recordTicks records the changed boxes of manual items. People without write access have their
// changes reverted with a comment; a tick that lacks the link its item asks for is left unticked
// and the link is asked for.
func (r *Reconciler) recordTicks(ctx context.Context, client gh.Client, repo gh.Repo, svc store.Service, log tickLog, results map[string]checklist.Result, changes []render.ParsedItem, sender string) error {
	if len(changes) == 0 {
		return nil
	}
	perm, err := client.Permission(ctx, repo.Owner, repo.Name, sender)
	if err != nil {
		return err
	}
	allowed := gh.CanWrite(perm)
	var ids []string
	var refused []store.Tick
	for _, c := range changes {
		t, needsLink := store.Tick{ServiceID: svc.ID, Item: c.ID, User: sender, Checked: c.Checked}, false
		if allowed {
			t, needsLink = tickOf(svc, results[c.ID], c, sender)
		}
		t.At = r.now()
		if needsLink {
			refused = append(refused, t)
			continue
		}
		ids = append(ids, c.ID)
		if err := r.store.RecordTick(ctx, t); err != nil {
			return err
		}
	}
	if err := r.askForLinks(ctx, client, repo, svc, log, refused); err != nil || len(ids) == 0 {
		return err
	}
	r.logger(ctx).WithFields(fieldsOf(repo, svc.Name)).WithField("user", sender).WithField("accepted", allowed).Info("ticks " + strings.Join(ids, ","))
	if allowed {
		return r.tickProgress(ctx, svc.ID, changes, ids)
	}
	metrics.From(ctx).TicksReverted(len(ids))
	return client.Comment(ctx, repo.Owner, repo.Name, svc.IssueNumber, render.TicksRevertedComment(sender, repo.FullName(), ids))
}

// rerender renders the saved evaluation with the current ticks and edits the issue to match
// unless its current body already does.
func (r *Reconciler) rerender(ctx context.Context, client gh.Client, repo gh.Repo, svc store.Service, last saved, current string) error {
	if err := r.applyTicks(ctx, svc.ID, &last.Report.Services[0]); err != nil {
		return err
	}
	body, err := render.IssueBody(last.Report, svc.Name, render.Options{SectionTitles: last.Sections, FileURL: evidenceLinks(last.LinkBase, last.Report),
		Due: last.Due, Regressed: last.Regressed, Launch: last.Launch})
	if err != nil {
		return err
	}
	if !sameBody(body, current) {
		if _, err := client.EditIssue(ctx, repo.Owner, repo.Name, svc.IssueNumber, gh.IssueInput{Body: &body}); err != nil {
			return err
		}
	}
	return r.saveEvaluation(ctx, &issueWork{rep: last.Report, svc: svc, sections: last.Sections, linkBase: last.LinkBase,
		due: last.Due, regressed: last.Regressed, launch: last.Launch}, hashBody(body))
}
