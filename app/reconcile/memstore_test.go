package reconcile

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/prchq/prc/app/store"
)

// memStore is a small in-memory Store. fail makes a method answer an error.
type memStore struct {
	mu            sync.Mutex
	installations map[int64]store.Installation
	repos         map[int64]store.Repository
	services      map[int64]*store.Service
	ticks         []store.Tick
	launches      []store.Launch
	regressions   []*store.Regression
	goodLists     map[int64][]byte
	goodConfigs   map[int64][]byte
	evaluated     map[int64]string
	sources       map[int64][]string
	locks         map[string]string
	fail          map[string]error
	reminders     map[int64]store.Reminder // made on first use, by memstore_reminders_test.go
	camp          *memCampaigns
	signals       map[string]store.LaunchSignal // by service id and source
}

var _ Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{installations: map[int64]store.Installation{}, repos: map[int64]store.Repository{}, services: map[int64]*store.Service{},
		goodLists: map[int64][]byte{}, goodConfigs: map[int64][]byte{}, evaluated: map[int64]string{}, locks: map[string]string{}, fail: map[string]error{}}
}

func notFound(what string) error { return fmt.Errorf("%s: %w", what, store.ErrNotFound) }

func (s *memStore) Installation(_ context.Context, id int64) (store.Installation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["Installation"]; err != nil {
		return store.Installation{}, err
	}
	in, ok := s.installations[id]
	if !ok {
		return in, notFound("installation")
	}
	return in, nil
}

func (s *memStore) Installations(context.Context) ([]store.Installation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["Installations"]; err != nil {
		return nil, err
	}
	var out []store.Installation
	for _, id := range slices.Sorted(maps.Keys(s.installations)) {
		out = append(out, s.installations[id])
	}
	return out, nil
}

func (s *memStore) UpsertRepository(_ context.Context, r store.Repository) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["UpsertRepository"]; err != nil {
		return err
	}
	s.repos[r.ID] = r
	return nil
}

func (s *memStore) EvaluatedKey(_ context.Context, repoID int64) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.repos[repoID]; !ok {
		return "", notFound("repository")
	}
	return s.evaluated[repoID], nil
}

func (s *memStore) SetEvaluatedKey(_ context.Context, repoID int64, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["SetEvaluatedKey"]; err != nil {
		return err
	}
	s.evaluated[repoID] = key
	return nil
}

func (s *memStore) RepositoryByName(_ context.Context, owner, name string) (store.Repository, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.repos {
		if r.Owner == owner && r.Name == name && !r.Removed {
			return r, nil
		}
	}
	return store.Repository{}, notFound("repository")
}

func (s *memStore) EnsureService(_ context.Context, repoID int64, name string) (store.Service, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["EnsureService"]; err != nil {
		return store.Service{}, err
	}
	for _, svc := range s.services {
		if svc.RepoID == repoID && svc.Name == name {
			return *svc, nil
		}
	}
	svc := &store.Service{ID: int64(len(s.services) + 1), RepoID: repoID, Name: name, State: store.ServiceActive}
	s.services[svc.ID] = svc
	return *svc, nil
}

func (s *memStore) ServiceByID(_ context.Context, id int64) (store.Service, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc, ok := s.services[id]
	if !ok {
		return store.Service{}, notFound("service")
	}
	return *svc, nil
}

func (s *memStore) Services(_ context.Context, repoID int64) ([]store.Service, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["Services"]; err != nil {
		return nil, err
	}
	var out []store.Service
	for _, svc := range s.services {
		if svc.RepoID == repoID {
			out = append(out, *svc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *memStore) update(id int64, fn func(*store.Service)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc, ok := s.services[id]
	if !ok {
		return notFound("service")
	}
	fn(svc)
	return nil
}

func (s *memStore) SetIssue(_ context.Context, id int64, number int, version, hash string) error {
	if err := s.fail["SetIssue"]; err != nil {
		return err
	}
	return s.update(id, func(svc *store.Service) { svc.IssueNumber, svc.ChecklistVersion, svc.BodyHash = number, version, hash })
}

func (s *memStore) SaveEvaluation(_ context.Context, id int64, ev []byte, version, hash string) error {
	if err := s.fail["SaveEvaluation"]; err != nil {
		return err
	}
	return s.update(id, func(svc *store.Service) { svc.Evaluation, svc.ChecklistVersion, svc.BodyHash = ev, version, hash })
}

func (s *memStore) SetServiceState(_ context.Context, id int64, state string) error {
	return s.update(id, func(svc *store.Service) { svc.State = state })
}

func (s *memStore) Ticks(_ context.Context, id int64) ([]store.Tick, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["Ticks"]; err != nil {
		return nil, err
	}
	var out []store.Tick
	for _, t := range s.ticks {
		if t.ServiceID == id {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *memStore) RecordTick(_ context.Context, t store.Tick) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ticks = append(s.ticks, t)
	return nil
}

func (s *memStore) RecordLaunch(_ context.Context, l store.Launch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.launches = append(s.launches, l)
	return nil
}

func (s *memStore) SaveGoodChecklist(_ context.Context, id int64, yaml []byte, _ string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.goodLists[id] = yaml
	return nil
}

func (s *memStore) GoodChecklist(_ context.Context, id int64) ([]byte, error) {
	return s.good(s.goodLists, id, "GoodChecklist")
}

func (s *memStore) SaveGoodConfig(_ context.Context, id int64, yaml []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.goodConfigs[id] = yaml
	return nil
}

func (s *memStore) GoodConfig(_ context.Context, id int64) ([]byte, error) {
	return s.good(s.goodConfigs, id, "GoodConfig")
}

func (s *memStore) good(m map[int64][]byte, id int64, method string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail[method]; err != nil {
		return nil, err
	}
	data, ok := m[id]
	if !ok {
		return nil, notFound(method)
	}
	return data, nil
}

func (s *memStore) TryLock(_ context.Context, key, owner string, _ time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["TryLock"]; err != nil {
		return false, err
	}
	if held, ok := s.locks[key]; ok && held != owner {
		return false, nil
	}
	s.locks[key] = owner
	return true, nil
}

func (s *memStore) Unlock(_ context.Context, key, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locks[key] == owner {
		delete(s.locks, key)
	}
	return s.fail["Unlock"]
}

// service returns the named service of repoID, for assertions.
func (s *memStore) service(repoID int64, name string) (store.Service, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, svc := range s.services {
		if svc.RepoID == repoID && svc.Name == name {
			return *svc, true
		}
	}
	return store.Service{}, false
}

func (s *memStore) SetUntracked(_ context.Context, id int64, untracked bool) error {
	return s.update(id, func(svc *store.Service) { svc.Untracked = untracked })
}
