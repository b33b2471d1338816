package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/reconcile"
	"github.com/prchq/prc/app/store"
	"github.com/sirupsen/logrus"
)

// Label marks report issues, so that a report a crashed replica posted is found, not posted twice.
const Label = "prc-report"

// claimFor is how long a replica's claim on a report lasts: long enough to build and post it,
// and how long a failed post waits before it is tried again.
const claimFor = 2 * time.Minute

// PostStore is what posting reports needs of the store: *store.Store in production.
type PostStore interface {
	Store
	ReportSchedules(ctx context.Context) ([]store.ReportSchedule, error)
	ClaimReport(ctx context.Context, org string, seq int, owner string, until, now time.Time) (bool, error)
	FinishReport(ctx context.Context, org, owner string, number int, at time.Time) error
}

// Poster posts each organisation's report as an issue in its `.github` repository when it is
// due, and closes the previous one. Replicas share the work through claims in the store.
type Poster struct {
	Store   PostStore
	Clients gh.Clients
	Now     func() time.Time
	// Owner names this process in claims.
	Owner string
	Log   logrus.FieldLogger
}

// PostDue posts every report that is due now; an organisation that fails is logged and tried
// again at the next call.
func (p *Poster) PostDue(ctx context.Context) error {
	schedules, err := p.Store.ReportSchedules(ctx)
	if err != nil {
		return err
	}
	now := p.Now()
	for _, s := range schedules {
		if now.Before(s.Due()) {
			continue
		}
		if err := p.post(ctx, s, now); err != nil {
			p.Log.WithError(err).WithField("org", s.Org).Warn("readiness report not posted")
		}
	}
	return nil
}

func (p *Poster) post(ctx context.Context, s store.ReportSchedule, now time.Time) error {
	ok, err := p.Store.ClaimReport(ctx, s.Org, s.Seq, p.Owner, now.Add(claimFor), now)
	if err != nil || !ok {
		return err
	}
	since := s.PostedAt
	if since.IsZero() {
		since = now.Add(-s.Every)
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		loc = time.UTC
	}
	d, err := Build(ctx, p.Store, Options{Org: s.Org, Since: since, Now: now, Location: loc})
	if err != nil {
		return err
	}
	d.Number = s.Seq + 1
	var body strings.Builder
	if err := d.Markdown(&body); err != nil {
		return err
	}
	client, err := p.Clients.Installation(ctx, s.InstallationID)
	if err != nil {
		return err
	}
	issue, err := p.open(ctx, client, s.Org, d, body.String())
	if err != nil {
		return err
	}
	if err := p.Store.FinishReport(ctx, s.Org, p.Owner, issue.Number, now); err != nil {
		return err
	}
	p.Log.WithField("org", s.Org).WithField("issue", issue.Number).Info("readiness report posted")
	if s.IssueNumber != 0 && s.IssueNumber != issue.Number {
		closed := "closed"
		if _, err := client.EditIssue(ctx, s.Org, reconcile.OrgRepo, s.IssueNumber, gh.IssueInput{State: &closed}); err != nil {
			return fmt.Errorf("close the previous report issue #%d: %w", s.IssueNumber, err)
		}
	}
	return nil
}

// open opens the report issue, unless one with its number exists already: posted by a replica
// that died before recording it.
func (p *Poster) open(ctx context.Context, client gh.Client, org string, d *Digest, body string) (gh.Issue, error) {
	found, err := client.FindIssues(ctx, org, reconcile.OrgRepo, Label)
	if err != nil {
		return gh.Issue{}, fmt.Errorf("look for report issues in %s/%s: %w", org, reconcile.OrgRepo, err)
	}
	for _, is := range found {
		if m, ok := readMarker(is.Body); ok && m.Org == org && m.N == d.Number {
			return is, nil
		}
	}
	title := d.Title()
	issue, err := client.CreateIssue(ctx, org, reconcile.OrgRepo, gh.IssueInput{Title: &title, Body: &body, Labels: []string{Label}})
	if err != nil {
		return issue, fmt.Errorf("open the report issue in %s/%s: %w", org, reconcile.OrgRepo, err)
	}
	return issue, nil
}
