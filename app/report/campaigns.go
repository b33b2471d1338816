package report

import (
	"context"
	"strings"
	"time"

	"github.com/prchq/prc/app/store"
)

// maxBurnUpDays bounds the days of a burn-up.
const maxBurnUpDays = 400

// CampaignStore is what campaign progress is read from: *store.Store in production.
type CampaignStore interface {
	Overviews(ctx context.Context) ([]store.Overview, error)
	Campaigns(ctx context.Context) ([]store.Campaign, error)
	CampaignServices(ctx context.Context) ([]store.CampaignService, error)
}

// ServiceRef names a service.
type ServiceRef struct {
	Owner   string `json:"owner"`
	Repo    string `json:"repo"`
	Service string `json:"service"`
}

// Day is one day of a campaign's burn-up: how many services it covered and how many were done
// by the end of that day (UTC).
type Day struct {
	Day   string `json:"day"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Campaign is one campaign's progress over the services it covers now.
type Campaign struct {
	Org              string   `json:"org"`
	ID               string   `json:"id"`
	Deadline         string   `json:"deadline"`
	Items            []string `json:"items"`
	ChecklistVersion string   `json:"checklistVersion,omitempty"`
	Done             int      `json:"done"`
	Total            int      `json:"total"`
	// Overdue are the services not done after the deadline.
	Overdue []ServiceRef `json:"overdue"`
	// Pending are the services not done yet.
	Pending []ServiceRef `json:"pending"`
	BurnUp  []Day        `json:"burnUp"`
}

// Campaigns returns every campaign's progress at now, by organisation and id, counting only the
// services visible says may be shown (nil: all) that are active in repositories still there.
func Campaigns(ctx context.Context, st CampaignStore, now time.Time, visible func(owner, repo string) bool) ([]Campaign, error) {
	defs, err := st.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := st.CampaignServices(ctx)
	if err != nil {
		return nil, err
	}
	refs, err := serviceRefs(ctx, st, visible)
	if err != nil {
		return nil, err
	}
	byCampaign := map[string][]store.CampaignService{}
	for _, r := range rows {
		if _, ok := refs[r.ServiceID]; ok && r.InScope {
			byCampaign[r.Org+"/"+r.Campaign] = append(byCampaign[r.Org+"/"+r.Campaign], r)
		}
	}
	out := make([]Campaign, 0, len(defs))
	for _, d := range defs {
		out = append(out, progress(d, byCampaign[d.Org+"/"+d.ID], refs, now))
	}
	return out, nil
}

func serviceRefs(ctx context.Context, st CampaignStore, visible func(owner, repo string) bool) (map[int64]ServiceRef, error) {
	overviews, err := st.Overviews(ctx)
	if err != nil {
		return nil, err
	}
	refs := make(map[int64]ServiceRef, len(overviews))
	for _, o := range overviews {
		if visible == nil || visible(o.Owner, o.Repo) {
			refs[o.ID] = ServiceRef{Owner: o.Owner, Repo: o.Repo, Service: o.Name}
		}
	}
	return refs, nil
}

func progress(d store.Campaign, rows []store.CampaignService, refs map[int64]ServiceRef, now time.Time) Campaign {
	c := Campaign{Org: d.Org, ID: d.ID, Deadline: d.Deadline.Format(time.DateOnly), Items: d.Items, ChecklistVersion: d.ChecklistVersion,
		Total: len(rows), Overdue: []ServiceRef{}, Pending: []ServiceRef{}}
	if c.Items == nil {
		c.Items = []string{}
	}
	overdue := !now.Before(d.Deadline.AddDate(0, 0, 1))
	for _, r := range rows {
		switch {
		case !r.DoneAt.IsZero():
			c.Done++
		case overdue:
			c.Overdue = append(c.Overdue, refs[r.ServiceID])
		default:
			c.Pending = append(c.Pending, refs[r.ServiceID])
		}
	}
	c.BurnUp = burnUp(rows, d.Deadline, now)
	return c
}

// burnUp counts, for each day from the first service coming into scope to today or the
// deadline, whichever is first, the services covered and done by that day's end.
func burnUp(rows []store.CampaignService, deadline, now time.Time) []Day {
	if len(rows) == 0 {
		return []Day{}
	}
	start := rows[0].Since
	for _, r := range rows {
		if r.Since.Before(start) {
			start = r.Since
		}
	}
	day := start.UTC().Truncate(24 * time.Hour)
	last := now.UTC().Truncate(24 * time.Hour)
	if deadline.Before(last) {
		last = deadline
	}
	if last.Before(day) {
		last = day
	}
	var out []Day
	for ; !day.After(last) && len(out) < maxBurnUpDays; day = day.AddDate(0, 0, 1) {
		end := day.AddDate(0, 0, 1)
		d := Day{Day: day.Format(time.DateOnly)}
		for _, r := range rows {
			if r.Since.Before(end) {
				d.Total++
			}
			if !r.DoneAt.IsZero() && r.DoneAt.Before(end) {
				d.Done++
			}
		}
		out = append(out, d)
	}
	return out
}

// forOrg keeps the campaigns of org (any case); all of them when org is "".
func forOrg(cs []Campaign, org string) []Campaign {
	if org == "" {
		return cs
	}
	var out []Campaign
	for _, c := range cs {
		if strings.EqualFold(c.Org, org) {
			out = append(out, c)
		}
	}
	return out
}
