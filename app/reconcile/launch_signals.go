package reconcile

import (
	"context"
	"errors"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/logctx"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/prchq/prc/checklist/render"
)

// signalWork is one repository's services, evaluated and rendered, facing its launch signals.
type signalWork struct {
	client gh.Client
	repo   gh.Repo
	rules  Rules
	// reps are the services' reports with ticks applied, by service name, as upserted.
	reps     map[string]*checklist.Report
	services []store.Service
	// commitSHA is the default-branch commit the reports were evaluated at.
	commitSHA string
	trigger   Trigger
}

// followSignals acts on each launch signal whose value or state changed since it was last
// handled for a service: a launch is recorded, complete or not, or a launch property on an
// incomplete checklist is set back. A signal handled before does nothing, so a redelivered or
// repeated event neither comments nor records twice.
func (r *Reconciler) followSignals(ctx context.Context, w *signalWork, sigs signals) error {
	for _, sig := range sigs.list {
		var fresh []store.Service
		var previous *store.LaunchSignal
		for _, svc := range w.services {
			last, err := r.store.LaunchSignal(ctx, svc.ID, sig.source)
			known := err == nil
			switch {
			case errors.Is(err, store.ErrNotFound):
			case err != nil:
				return err
			case last.Value == sig.value && last.State == string(sig.state):
				continue
			}
			if known {
				previous = &last
			}
			if sig.state != orgconfig.Launched || (known && last.State == string(orgconfig.Launched)) {
				if err := r.saveSignal(ctx, svc, sig, nil); err != nil {
					return err
				}
				continue
			}
			fresh = append(fresh, svc)
		}
		if len(fresh) > 0 {
			if err := r.launched(ctx, w, sig, fresh, previous); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Reconciler) saveSignal(ctx context.Context, svc store.Service, sig signal, launch *store.Launch) error {
	return r.store.SaveLaunchSignal(ctx, store.LaunchSignal{ServiceID: svc.ID, Source: sig.source, Value: sig.value, State: string(sig.state), UpdatedAt: r.now()}, launch)
}

// launched handles a signal that now says launched for services that had not launched by it.
func (r *Reconciler) launched(ctx context.Context, w *signalWork, sig signal, services []store.Service, previous *store.LaunchSignal) error {
	var missing []checklist.ServiceReport
	for _, svc := range services {
		if rep := w.reps[svc.Name]; rep != nil && !rep.Services[0].Summary.Ready {
			missing = append(missing, rep.Services[0])
		}
	}
	if len(missing) > 0 && sig.source == store.LaunchFromProperty {
		done, err := r.revertProperty(ctx, w, sig, services, missing, previous)
		if done || err != nil {
			return err
		}
	}
	for _, svc := range services {
		rep := w.reps[svc.Name]
		incomplete := rep == nil || !rep.Services[0].Summary.Ready
		l := store.Launch{ServiceID: svc.ID, User: w.trigger.Sender, ChecklistVersion: svc.ChecklistVersion, Source: sig.source,
			Number: svc.IssueNumber, At: r.now(), Signal: signalName(sig), Incomplete: incomplete}
		if rep != nil {
			l.ChecklistVersion = rep.Checklist.Version
		}
		if incomplete && svc.IssueNumber != 0 {
			msg := render.LaunchedIncompleteComment(render.SignalLaunch{Sender: w.trigger.Sender, Via: sig.via(), Services: []checklist.ServiceReport{rep.Services[0]}})
			if err := w.client.Comment(ctx, w.repo.Owner, w.repo.Name, svc.IssueNumber, msg); err != nil {
				return err
			}
		}
		if err := r.saveSignal(ctx, svc, sig, &l); err != nil {
			return err
		}
		r.logger(ctx).WithFields(fieldsOf(w.repo, svc.Name)).WithField("via", sig.via()).WithField("incomplete", incomplete).Info("launch recorded")
		if rep != nil {
			if err := r.upsertIssue(ctx, w.client, w.repo, w.rules, rep, blobBase(w.repo), w.commitSHA, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// signalName is what a launch records of its signal: the topic, or property=value.
func signalName(sig signal) string {
	if sig.source == store.LaunchFromProperty {
		return sig.property + "=" + sig.value
	}
	return sig.value
}

// revertProperty sets the launch property back to its previous value, when that value is
// known and the installation granted custom properties write, and comments on each incomplete
// service's issue. done is false when the property could not be set back.
func (r *Reconciler) revertProperty(ctx context.Context, w *signalWork, sig signal, services []store.Service, missing []checklist.ServiceReport, previous *store.LaunchSignal) (bool, error) {
	back, ok := r.previousValue(w, sig, previous)
	if !ok {
		return false, nil
	}
	if ok, err := r.mayWriteProperties(ctx, w); !ok || err != nil {
		return false, err
	}
	err := w.client.SetCustomProperty(ctx, w.repo.Owner, w.repo.Name, sig.property, back)
	if errors.Is(err, gh.ErrNotPermitted) {
		r.logger(ctx).WithField(logctx.Repo, w.repo.FullName()).WithError(err).Warn("custom property not set back: permission refused")
		return false, nil
	}
	if err != nil {
		return false, err
	}
	r.logger(ctx).WithField(logctx.Repo, w.repo.FullName()).WithField("property", sig.property).WithField("to", back).Info("launch property set back: checklist incomplete")
	for _, results := range missing {
		svc, _ := serviceNamed(services, results.Name)
		if svc.IssueNumber == 0 {
			continue
		}
		msg := render.PropertyRevertedComment(render.SignalLaunch{Sender: w.trigger.Sender, Via: sig.via(), Services: []checklist.ServiceReport{results}}, sig.property, back)
		if err := w.client.Comment(ctx, w.repo.Owner, w.repo.Name, svc.IssueNumber, msg); err != nil {
			return true, err
		}
	}
	state, _ := w.rules.Org.Launch.FromProperties(map[string]string{sig.property: back})
	reverted := signal{source: sig.source, value: back, state: state, property: sig.property}
	for _, svc := range services {
		if err := r.saveSignal(ctx, svc, reverted, nil); err != nil {
			return true, err
		}
	}
	return true, nil
}

// mayWriteProperties reports whether the installation granted custom properties write. When
// GitHub does not say, prc tries the write, which a refusal answers with ErrNotPermitted.
func (r *Reconciler) mayWriteProperties(ctx context.Context, w *signalWork) (bool, error) {
	perms, err := w.client.InstallationPermissions(ctx)
	var later *gh.RetryLaterError
	switch {
	case errors.Is(err, gh.ErrUnavailable) || errors.As(err, &later):
		return false, err
	case err != nil:
		r.logger(ctx).WithField(logctx.Repo, w.repo.FullName()).WithError(err).Warn("installation permissions unknown; trying the property write")
		return true, nil
	}
	return perms[gh.PermCustomProperties] == "write", nil
}

// previousValue is the launch property's value before the launch: the event's old value, else
// the last one handled. ok is false when neither is known, or it also meant launched.
func (r *Reconciler) previousValue(w *signalWork, sig signal, previous *store.LaunchSignal) (string, bool) {
	back, ok := w.trigger.OldProperties[sig.property]
	if !ok && previous != nil {
		back, ok = previous.Value, true
	}
	if !ok {
		return "", false
	}
	state, _ := w.rules.Org.Launch.FromProperties(map[string]string{sig.property: back})
	return back, state != orgconfig.Launched && back != sig.value
}
