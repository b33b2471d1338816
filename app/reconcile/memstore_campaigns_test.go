package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/prchq/prc/app/store"
)

// memCampaigns is the memStore's part of CampaignStore.
type memCampaigns struct {
	campaigns map[string][]store.Campaign
	progress  map[string]store.CampaignService // by org/campaign/service
	reports   map[string]time.Duration
}

func (s *memStore) campaignState() *memCampaigns {
	if s.camp == nil {
		s.camp = &memCampaigns{campaigns: map[string][]store.Campaign{}, progress: map[string]store.CampaignService{}, reports: map[string]time.Duration{}}
	}
	return s.camp
}

func (s *memStore) SyncCampaigns(_ context.Context, org string, cs []store.Campaign) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.campaignState().campaigns[org] = cs
	return nil
}

func (s *memStore) RecordCampaignStatus(_ context.Context, org, campaign string, serviceID int64, inScope, done bool, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := fmt.Sprintf("%s/%s/%d", org, campaign, serviceID)
	c := s.campaignState().progress[key]
	if !c.InScope && inScope {
		c.Since = at
	}
	switch {
	case !inScope || !done:
		c.DoneAt = time.Time{}
	case c.DoneAt.IsZero():
		c.DoneAt = at
	}
	c.Org, c.Campaign, c.ServiceID, c.InScope = org, campaign, serviceID, inScope
	s.camp.progress[key] = c
	return nil
}

func (s *memStore) Campaigns(context.Context) ([]store.Campaign, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Campaign
	for _, cs := range s.campaignState().campaigns {
		out = append(out, cs...)
	}
	return out, nil
}

func (s *memStore) SetCampaignDone(_ context.Context, org, campaign string, serviceID int64, done bool, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := fmt.Sprintf("%s/%s/%d", org, campaign, serviceID)
	c, ok := s.campaignState().progress[key]
	switch {
	case !ok || !c.InScope:
	case !done:
		c.DoneAt = time.Time{}
	case c.DoneAt.IsZero():
		c.DoneAt = at
	}
	if ok {
		s.camp.progress[key] = c
	}
	return nil
}

func (s *memStore) ScheduleReport(_ context.Context, org string, _ int64, every time.Duration, _ string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.campaignState().reports[org] = every
	return nil
}
