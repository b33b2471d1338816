package reconcile

import (
	"context"
	"strings"

	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/verdict"
)

// Regressions after launch. Once a service has a recorded launch, a default-branch commit that
// breaks a required auto item which passed in the previous evaluation opens a regression: the
// item's line in the issue is marked, and one comment names the commit and the evidence. When
// the item stops failing, the regression closes, the mark goes and the same comment is edited.
// Each step is recorded in the store before or after the GitHub call it stands for, so that a
// retried or concurrent reconcile finishes the work instead of repeating it.

// trackRegressions brings the service's regressions in line with results, evaluated at commit
// sha, and returns the issue's marks (item → commit) and the regressions whose comment may need
// posting or editing. The caller holds the service's lock and has not saved results yet.
func (r *Reconciler) trackRegressions(ctx context.Context, svc store.Service, results checklist.ServiceReport, sha string) (map[string]string, []store.Regression, error) {
	launched, err := r.store.Launched(ctx, svc.ID)
	if err != nil || !launched {
		return nil, nil, err
	}
	active, err := r.store.ActiveRegressions(ctx, svc.ID)
	if err != nil {
		return nil, nil, err
	}
	open := map[string]bool{}
	for _, reg := range active {
		if reg.Open() && !stillBroken(results, reg.Item) {
			if err := r.store.RecoverRegression(ctx, reg.ID, sha); err != nil {
				return nil, nil, err
			}
			r.logger(ctx).WithField(logctx.Service, svc.Name).WithField("item", reg.Item).WithField("commit", sha).Info("regression recovered")
			continue
		}
		open[reg.Item] = reg.Open()
	}
	if err := r.openRegressions(ctx, svc, results, sha, open); err != nil {
		return nil, nil, err
	}
	if active, err = r.store.ActiveRegressions(ctx, svc.ID); err != nil {
		return nil, nil, err
	}
	marks := map[string]string{}
	for _, reg := range active {
		if reg.Open() {
			marks[reg.Item] = reg.SHA
		}
	}
	return marks, active, nil
}

// openRegressions records the items results breaks that passed in the service's previous
// evaluation and have no open regression yet.
func (r *Reconciler) openRegressions(ctx context.Context, svc store.Service, results checklist.ServiceReport, sha string, open map[string]bool) error {
	prev, ok := loadSaved(svc)
	if !ok {
		return nil
	}
	for _, res := range checklist.Regressed(prev.Report.Services[0], results) {
		if open[res.ID] {
			continue
		}
		reg := store.Regression{ServiceID: svc.ID, Item: res.ID, SHA: sha, RegressedAt: r.now()}
		if ev, ok := firstEvidence(res); ok {
			reg.EvidencePath, reg.EvidenceLine, reg.Evidence = ev.Path, ev.Line, ev.Message
		}
		if _, err := r.store.OpenRegression(ctx, reg); err != nil {
			return err
		}
		r.logger(ctx).WithField(logctx.Service, svc.Name).WithField("item", res.ID).WithField("commit", sha).Warn("launched service regressed")
	}
	return nil
}

// stillBroken reports whether item is in results and still breaks the checklist.
func stillBroken(results checklist.ServiceReport, item string) bool {
	for _, res := range results.Items {
		if res.ID == item {
			return res.Broken()
		}
	}
	return false
}

// syncRegressionComments makes each regression's comment on the PRC issue say what the
// regression is now: posted once when it opens, edited when it recovers. A comment whose id was
// not recorded (a crash right after posting it) is found by its marker rather than posted twice.
func (r *Reconciler) syncRegressionComments(ctx context.Context, w *issueWork, regs []store.Regression) error {
	if w.svc.IssueNumber == 0 || w.svc.State == store.ServiceDismissed {
		return nil
	}
	for _, reg := range regs {
		want := store.CommentRegressed
		if !reg.Open() {
			want = store.CommentRecovered
		}
		if reg.CommentShows == want {
			continue
		}
		id, err := r.putRegressionComment(ctx, w, reg)
		if err != nil {
			return err
		}
		if err := r.store.SetRegressionComment(ctx, reg.ID, id, want); err != nil {
			return err
		}
	}
	return nil
}

// putRegressionComment posts or edits reg's comment and returns its id.
func (r *Reconciler) putRegressionComment(ctx context.Context, w *issueWork, reg store.Regression) (int64, error) {
	body := render.RegressionComment(regressionView(w, reg))
	owner, name, number := w.repo.Owner, w.repo.Name, w.svc.IssueNumber
	id := reg.CommentID
	if id == 0 {
		var err error
		if id, err = w.client.FindComment(ctx, owner, name, number, render.RegressionMarker(reg.ID)); err != nil {
			return 0, err
		}
	}
	if id != 0 {
		err := w.client.EditComment(ctx, owner, name, id, body)
		if !isNotFound(err) {
			return id, err
		}
		// A person deleted the comment: post it again, as there is no other place to say it.
	}
	return w.client.PostComment(ctx, owner, name, number, body)
}

// regressionView is what reg's comment shows, its evidence linked to the file at the commit
// that broke it.
func regressionView(w *issueWork, reg store.Regression) render.Regression {
	v := render.Regression{ID: reg.ID, Item: reg.Item, SHA: reg.SHA, RecoveredSHA: reg.RecoveredSHA}
	v.Evidence.Path, v.Evidence.Line, v.Evidence.Message = reg.EvidencePath, reg.EvidenceLine, reg.Evidence
	if w.repo.HTMLURL != "" && render.ShortSHA(reg.SHA) != "" {
		v.FileURL = fileLinks(strings.TrimSuffix(w.repo.HTMLURL, "/") + "/blob/" + reg.SHA + "/")
	}
	return v
}

// launchedServices names the repository's services with a recorded launch.
func (r *Reconciler) launchedServices(ctx context.Context, repoID int64) ([]string, error) {
	services, err := r.store.Services(ctx, repoID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, svc := range services {
		ok, err := r.store.Launched(ctx, svc.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, svc.Name)
		}
	}
	return out, nil
}

// firstEvidence is the result's first evidence at a file, else its first evidence.
func firstEvidence(res checklist.Result) (verdict.Evidence, bool) {
	for _, e := range res.Evidence {
		if e.Path != "" {
			return e, true
		}
	}
	if len(res.Evidence) > 0 {
		return res.Evidence[0], true
	}
	return verdict.Evidence{}, false
}
