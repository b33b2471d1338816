package reconcile

import (
	"context"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/metrics"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

// tickLog is what a service's tick history says now, per item: its accepted box state, the link
// recorded with its accepted tick, and whether prc asked for a link since that tick.
type tickLog struct {
	state map[string]bool
	links map[string]string
	asked map[string]bool
}

func (r *Reconciler) tickLogOf(ctx context.Context, serviceID int64) (tickLog, error) {
	ticks, err := r.store.Ticks(ctx, serviceID)
	if err != nil {
		return tickLog{}, err
	}
	l := tickLog{state: map[string]bool{}, links: map[string]string{}, asked: map[string]bool{}}
	for _, t := range ticks {
		switch {
		case t.Accepted:
			l.state[t.Item], l.asked[t.Item] = t.Checked, false
			l.links[t.Item] = t.Link
		case t.Refusal == store.RefusedNoLink:
			l.asked[t.Item] = true
		}
	}
	return l, nil
}

// apply renders the log into a service's results: the manual items' states and their links.
func (l tickLog) apply(s *checklist.ServiceReport) {
	s.ApplyTicks(func(id string) bool { return l.state[id] })
	s.ApplyTickLinks(l.links)
}

// applyTicks sets a service's manual results from its tick history.
func (r *Reconciler) applyTicks(ctx context.Context, serviceID int64, s *checklist.ServiceReport) error {
	l, err := r.tickLogOf(ctx, serviceID)
	if err == nil {
		l.apply(s)
	}
	return err
}

// tickOf judges one box a person with write access changed: an untick counts; a tick counts
// with the link on its line, and without one only if its item does not ask for evidence.
// needsLink reports a tick that does not count for want of a link.
func tickOf(svc store.Service, res checklist.Result, c render.ParsedItem, sender string) (t store.Tick, needsLink bool) {
	t = store.Tick{ServiceID: svc.ID, Item: c.ID, User: sender, Checked: c.Checked, Accepted: true}
	it := &checklist.Item{ID: res.ID, Title: res.Title, Kind: res.Kind, EvidenceRequired: res.EvidenceRequired}
	switch verdict, link := render.JudgeTick(it, c); verdict {
	case render.TickNeedsEvidence:
		t.Accepted, t.Refusal = false, store.RefusedNoLink
		return t, true
	case render.TickAccepted:
		t.Link = link
	}
	return t, false
}

// askForLinks comments once on the service's issue, asking sender for the links the refused
// ticks lack, and records each refusal. An item prc already asked about since its last accepted
// tick is neither asked about nor recorded again, so that a retried edit comments only once.
func (r *Reconciler) askForLinks(ctx context.Context, client gh.Client, repo gh.Repo, svc store.Service, log tickLog, refused []store.Tick) error {
	var fresh []store.Tick
	var ids []string
	for _, t := range refused {
		if !log.asked[t.Item] {
			fresh, ids = append(fresh, t), append(ids, t.Item)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	metrics.From(ctx).TicksReverted(len(fresh))
	if err := client.Comment(ctx, repo.Owner, repo.Name, svc.IssueNumber, render.EvidenceRequestComment(fresh[0].User, ids)); err != nil {
		return err
	}
	for _, t := range fresh {
		if err := r.store.RecordTick(ctx, t); err != nil {
			return err
		}
	}
	r.logger(ctx).WithFields(fieldsOf(repo, svc.Name)).WithField("user", fresh[0].User).WithField("items", ids).Info("ticks without evidence left unticked")
	return nil
}
