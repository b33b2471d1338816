package reconcile

import (
	"context"
	"slices"

	"github.com/prchq/prc/app/store"
)

func (s *memStore) Repository(_ context.Context, id int64) (store.Repository, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[id]
	if !ok {
		return r, notFound("repository")
	}
	return r, nil
}

func (s *memStore) SetOwners(_ context.Context, id int64, owners []string) error {
	return s.update(id, func(svc *store.Service) { svc.Owners = slices.Clone(owners) })
}

func (s *memStore) Reminder(_ context.Context, id int64) (store.Reminder, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reminders[id]
	if !ok {
		return r, notFound("reminder")
	}
	return r, nil
}

// SaveReminder keeps the store's contract: insert when new, update only at the version read.
func (s *memStore) SaveReminder(_ context.Context, r store.Reminder) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["SaveReminder"]; err != nil {
		return false, err
	}
	if s.reminders == nil {
		s.reminders = map[int64]store.Reminder{}
	}
	cur, ok := s.reminders[r.ServiceID]
	if ok != (r.Version != 0) || (ok && cur.Version != r.Version) {
		return false, nil
	}
	r.Version++
	r.QuietDays = slices.Clone(r.QuietDays)
	s.reminders[r.ServiceID] = r
	return true, nil
}
