package reconcile

import (
	"context"
	"strings"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/campaign"
	"github.com/prchq/prc/checklist/orgconfig"
)

// CampaignStore is what reconcile keeps of campaigns and reports: the organisation's campaigns,
// each service's progress in them, for the burn-up, and how often the report is posted.
type CampaignStore interface {
	SyncCampaigns(ctx context.Context, org string, cs []store.Campaign) error
	RecordCampaignStatus(ctx context.Context, org, campaign string, serviceID int64, inScope, done bool, at time.Time) error
	Campaigns(ctx context.Context) ([]store.Campaign, error)
	SetCampaignDone(ctx context.Context, org, campaign string, serviceID int64, done bool, at time.Time) error
	ScheduleReport(ctx context.Context, org string, installationID int64, every time.Duration, timezone string, at time.Time) error
}

// campaignDue is when the organisation's campaigns want the service's items done, for its issue.
func campaignDue(rules Rules, results checklist.ServiceReport, repo gh.Repo) map[string]time.Time {
	if rules.Org == nil {
		return nil
	}
	return campaign.Due(rules.Org.Campaigns, results, repo.Topics)
}

// recordOrgProgress records the organisation's campaigns, where each service of the repository
// stands in them, and the report's cadence.
func (r *Reconciler) recordOrgProgress(ctx context.Context, installationID int64, repo gh.Repo, rules Rules, rep *checklist.Report) error {
	if rules.Org == nil {
		return nil
	}
	org := strings.ToLower(repo.Owner)
	var every time.Duration
	if rules.Org.Report != nil {
		every = rules.Org.Report.Every
	}
	if err := r.store.ScheduleReport(ctx, org, installationID, every, rules.Org.Location.String(), r.now()); err != nil {
		return err
	}
	cs := make([]store.Campaign, len(rules.Org.Campaigns))
	for i, c := range rules.Org.Campaigns {
		cs[i] = store.Campaign{Org: org, ID: c.ID, Deadline: c.Deadline, Items: c.Items, ChecklistVersion: c.ChecklistVersion}
	}
	if err := r.store.SyncCampaigns(ctx, org, cs); err != nil || len(cs) == 0 {
		return err
	}
	services, err := r.store.Services(ctx, repo.ID)
	if err != nil {
		return err
	}
	for _, results := range rep.Services {
		svc, ok := serviceNamed(services, results.Name)
		if !ok {
			continue
		}
		for _, c := range rules.Org.Campaigns {
			in := svc.State == store.ServiceActive && campaign.Applies(c, results, repo.Topics)
			done := campaign.Done(c, results, rep.Checklist.Version)
			if err := r.store.RecordCampaignStatus(ctx, org, c.ID, svc.ID, in, done, r.now()); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordTickedProgress records where a service stands in its organisation's campaigns after a
// tick, which changes what it has done but not what covers it.
func (r *Reconciler) recordTickedProgress(ctx context.Context, repo gh.Repo, svc store.Service, rep *checklist.Report) error {
	return r.eachOrgCampaign(ctx, repo, func(org string, c store.Campaign) error {
		def := orgconfig.Campaign{ID: c.ID, Items: c.Items, ChecklistVersion: c.ChecklistVersion, Deadline: c.Deadline}
		return r.store.SetCampaignDone(ctx, org, c.ID, svc.ID, campaign.Done(def, rep.Services[0], rep.Checklist.Version), r.now())
	})
}

// leaveCampaigns takes a service out of its organisation's campaigns, as when it is no longer
// tracked: it no longer counts in their burn-up or overdue lists.
func (r *Reconciler) leaveCampaigns(ctx context.Context, repo gh.Repo, serviceID int64) error {
	return r.eachOrgCampaign(ctx, repo, func(org string, c store.Campaign) error {
		return r.store.RecordCampaignStatus(ctx, org, c.ID, serviceID, false, false, r.now())
	})
}

// eachOrgCampaign calls fn with each stored campaign of the repository's organisation.
func (r *Reconciler) eachOrgCampaign(ctx context.Context, repo gh.Repo, fn func(org string, c store.Campaign) error) error {
	org := strings.ToLower(repo.Owner)
	cs, err := r.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Org != org {
			continue
		}
		if err := fn(org, c); err != nil {
			return err
		}
	}
	return nil
}

func serviceNamed(services []store.Service, name string) (store.Service, bool) {
	for _, s := range services {
		if s.Name == name {
			return s, true
		}
	}
	return store.Service{}, false
}
