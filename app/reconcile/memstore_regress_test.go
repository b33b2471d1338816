package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/prchq/prc/app/store"
)

// The launch and regression side of memStore, with the SQL store's rules: one open regression
// per (service, item).

func (s *memStore) Launched(_ context.Context, serviceID int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["Launched"]; err != nil {
		return false, err
	}
	for _, l := range s.launches {
		if l.ServiceID == serviceID {
			return true, nil
		}
	}
	return false, nil
}

func (s *memStore) OpenRegression(_ context.Context, reg store.Regression) (store.Regression, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["OpenRegression"]; err != nil {
		return store.Regression{}, err
	}
	for _, r := range s.regressions {
		if r.ServiceID == reg.ServiceID && r.Item == reg.Item && r.Open() {
			return *r, nil
		}
	}
	reg.ID = int64(len(s.regressions) + 1)
	reg.CommentID, reg.CommentShows, reg.RecoveredSHA = 0, store.CommentNone, ""
	s.regressions = append(s.regressions, &reg)
	return reg, nil
}

func (s *memStore) ActiveRegressions(_ context.Context, serviceID int64) ([]store.Regression, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["ActiveRegressions"]; err != nil {
		return nil, err
	}
	var out []store.Regression
	for _, r := range s.regressions {
		if r.ServiceID == serviceID && (r.Open() || r.CommentShows != store.CommentRecovered) {
			out = append(out, *r)
		}
	}
	return out, nil
}

func (s *memStore) RecoverRegression(_ context.Context, id int64, sha string) error {
	return s.updateRegression(id, "RecoverRegression", func(r *store.Regression) error {
		if !r.Open() {
			return fmt.Errorf("regression %d is closed: %w", id, store.ErrNotFound)
		}
		r.RecoveredSHA, r.RecoveredAt = sha, time.Now()
		return nil
	})
}

func (s *memStore) SetRegressionComment(_ context.Context, id, commentID int64, shows string) error {
	return s.updateRegression(id, "SetRegressionComment", func(r *store.Regression) error {
		r.CommentID, r.CommentShows = commentID, shows
		return nil
	})
}

func (s *memStore) updateRegression(id int64, method string, fn func(*store.Regression) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail[method]; err != nil {
		return err
	}
	if id < 1 || int(id) > len(s.regressions) {
		return notFound("regression")
	}
	return fn(s.regressions[id-1])
}

// regressionsOf are every regression of a service, open and closed, for assertions.
func (s *memStore) regressionsOf(serviceID int64) []store.Regression {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Regression
	for _, r := range s.regressions {
		if r.ServiceID == serviceID {
			out = append(out, *r)
		}
	}
	return out
}
