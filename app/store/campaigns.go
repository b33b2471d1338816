package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Campaign is a campaign as an organisation's configuration last declared it.
type Campaign struct {
	Org, ID string
	// Deadline is the campaign's last day, at midnight UTC.
	Deadline         time.Time
	Items            []string
	ChecklistVersion string
}

func (c Campaign) equal(o Campaign) bool {
	return c.Org == o.Org && c.ID == o.ID && c.Deadline.Equal(o.Deadline) && slices.Equal(c.Items, o.Items) && c.ChecklistVersion == o.ChecklistVersion
}

// CampaignService is where one service stands in one campaign.
type CampaignService struct {
	Org, Campaign string
	ServiceID     int64
	// InScope is whether the campaign covers the service now; Since is when it last began to.
	InScope bool
	Since   time.Time
	// DoneAt is when the service last became done; zero while it is not.
	DoneAt time.Time
}

// SyncCampaigns makes cs the organisation's campaigns, forgetting the others and their
// services' progress. It writes nothing when they are unchanged.
func (s *Store) SyncCampaigns(ctx context.Context, org string, cs []Campaign) error {
	have, err := s.orgCampaigns(ctx, org)
	if err != nil {
		return err
	}
	if slices.EqualFunc(have, cs, Campaign.equal) {
		return nil
	}
	return wrapErr("sync campaigns of "+org, inTx(ctx, s.b, func(tx txn) error {
		if _, err := tx.exec(ctx, `DELETE FROM campaigns WHERE org = $1`, org); err != nil {
			return err
		}
		for _, c := range cs {
			if _, err := tx.exec(ctx, `INSERT INTO campaigns (org, id, deadline, items, checklist_version) VALUES ($1, $2, $3, $4, $5)`,
				org, c.ID, c.Deadline.UTC().Format(time.DateOnly), strings.Join(c.Items, ","), c.ChecklistVersion); err != nil {
				return err
			}
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		return deleteStaleProgress(ctx, tx, org, ids)
	}))
}

func deleteStaleProgress(ctx context.Context, tx txn, org string, keep []string) error {
	rows, err := queryAll(ctx, tx, func(row scanner) (string, error) {
		var id string
		return id, row.Scan(&id)
	}, `SELECT DISTINCT campaign_id FROM campaign_services WHERE org = $1`, org)
	if err != nil {
		return err
	}
	for _, id := range rows {
		if !slices.Contains(keep, id) {
			if _, err := tx.exec(ctx, `DELETE FROM campaign_services WHERE org = $1 AND campaign_id = $2`, org, id); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) orgCampaigns(ctx context.Context, org string) ([]Campaign, error) {
	all, err := s.Campaigns(ctx)
	var out []Campaign
	for _, c := range all {
		if c.Org == org {
			out = append(out, c)
		}
	}
	return out, err
}

// Campaigns returns every organisation's campaigns, by organisation and id.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (Campaign, error) {
		var c Campaign
		var deadline, items string
		if err := row.Scan(&c.Org, &c.ID, &deadline, &items, &c.ChecklistVersion); err != nil {
			return c, err
		}
		if items != "" {
			c.Items = strings.Split(items, ",")
		}
		var err error
		c.Deadline, err = time.Parse(time.DateOnly, deadline)
		return c, err
	}, `SELECT org, id, deadline, items, checklist_version FROM campaigns ORDER BY org, id`)
	return out, wrapErr("campaigns", err)
}

// RecordCampaignStatus records at what time at whether the campaign covers the service and
// whether the service is done. A service keeps the time it came into scope and the time it
// became done until either changes; nothing is written when neither did.
func (s *Store) RecordCampaignStatus(ctx context.Context, org, campaign string, serviceID int64, inScope, done bool, at time.Time) error {
	var doneAt any
	if inScope && done {
		doneAt = at.UTC()
	}
	_, err := s.b.pool().exec(ctx, `INSERT INTO campaign_services (org, campaign_id, service_id, in_scope, since, done_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (org, campaign_id, service_id) DO UPDATE SET in_scope = excluded.in_scope,
			since = CASE WHEN campaign_services.in_scope THEN campaign_services.since ELSE excluded.since END,
			done_at = CASE WHEN excluded.done_at IS NULL THEN NULL ELSE COALESCE(campaign_services.done_at, excluded.done_at) END
		WHERE campaign_services.in_scope <> excluded.in_scope OR (campaign_services.done_at IS NULL) <> (excluded.done_at IS NULL)`,
		org, campaign, serviceID, inScope, at.UTC(), doneAt)
	return wrapErr(fmt.Sprintf("record campaign %s/%s of service %d", org, campaign, serviceID), err)
}

// CampaignServices returns the progress of every service in every campaign that still exists,
// by organisation, campaign and service.
func (s *Store) CampaignServices(ctx context.Context) ([]CampaignService, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (CampaignService, error) {
		var c CampaignService
		var doneAt *time.Time
		err := row.Scan(&c.Org, &c.Campaign, &c.ServiceID, &c.InScope, &c.Since, &doneAt)
		c.Since = c.Since.UTC()
		if doneAt != nil {
			c.DoneAt = doneAt.UTC()
		}
		return c, err
	}, `SELECT cs.org, cs.campaign_id, cs.service_id, cs.in_scope, cs.since, cs.done_at FROM campaign_services cs
		JOIN campaigns c ON c.org = cs.org AND c.id = cs.campaign_id
		ORDER BY cs.org, cs.campaign_id, cs.service_id`)
	return out, wrapErr("campaign services", err)
}

// SetCampaignDone records at time at whether a service the campaign already covers is done,
// for a change, such as a tick, that cannot change what the campaign covers. A service the
// campaign does not cover is left alone.
func (s *Store) SetCampaignDone(ctx context.Context, org, campaign string, serviceID int64, done bool, at time.Time) error {
	var doneAt any
	if done {
		doneAt = at.UTC()
	}
	_, err := s.b.pool().exec(ctx, `UPDATE campaign_services SET done_at = $4
		WHERE org = $1 AND campaign_id = $2 AND service_id = $3 AND in_scope AND (done_at IS NULL) = $5`,
		org, campaign, serviceID, doneAt, done)
	return wrapErr(fmt.Sprintf("set campaign %s/%s done for service %d", org, campaign, serviceID), err)
}
