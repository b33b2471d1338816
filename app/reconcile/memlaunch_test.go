package reconcile

import (
	"context"
	"fmt"
	"maps"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
)

// memProperties are the custom property values of the in-memory GitHub's repositories and
// what its installation granted.
type memProperties struct {
	values map[string]map[string]string // by "owner/name"
	perms  map[string]string
}

func (m *memGitHub) setTopics(owner, name string, topics ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.repos[owner+"/"+name].repo.Topics = topics
}

func (m *memGitHub) setProperty(owner, name, property, value string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.props.values == nil {
		m.props.values = map[string]map[string]string{}
	}
	if m.props.values[owner+"/"+name] == nil {
		m.props.values[owner+"/"+name] = map[string]string{}
	}
	if value == "" {
		delete(m.props.values[owner+"/"+name], property)
		return
	}
	m.props.values[owner+"/"+name][property] = value
}

func (m *memGitHub) grant(perms map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.props.perms = perms
}

func (m *memGitHub) property(owner, name, property string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.props.values[owner+"/"+name][property]
}

func (m *memGitHub) CustomProperties(_ context.Context, owner, name string) (map[string]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("CustomProperties"); err != nil {
		return nil, err
	}
	if _, err := m.repoLocked(owner, name); err != nil {
		return nil, err
	}
	return maps.Clone(m.props.values[owner+"/"+name]), nil
}

func (m *memGitHub) SetCustomProperty(_ context.Context, owner, name, property, value string) error {
	if err := func() error {
		m.mu.Lock()
		defer m.mu.Unlock()
		if err := m.call("SetCustomProperty"); err != nil {
			return err
		}
		if m.props.perms[gh.PermCustomProperties] != "write" {
			return fmt.Errorf("set %s: %w", property, gh.ErrNotPermitted)
		}
		return nil
	}(); err != nil {
		return err
	}
	m.setProperty(owner, name, property, value)
	return nil
}

func (m *memGitHub) InstallationPermissions(context.Context) (map[string]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("InstallationPermissions"); err != nil {
		return nil, err
	}
	return maps.Clone(m.props.perms), nil
}

func (s *memStore) Launches(_ context.Context, serviceID int64) ([]store.Launch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Launch
	for _, l := range s.launches {
		if l.ServiceID == serviceID {
			out = append(out, l)
		}
	}
	return out, nil
}

func signalKey(serviceID int64, source string) string { return fmt.Sprint(serviceID, "/", source) }

func (s *memStore) LaunchSignal(_ context.Context, serviceID int64, source string) (store.LaunchSignal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sig, ok := s.signals[signalKey(serviceID, source)]
	if !ok {
		return sig, notFound("launch signal")
	}
	return sig, nil
}

func (s *memStore) SaveLaunchSignal(_ context.Context, sig store.LaunchSignal, launch *store.Launch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail["SaveLaunchSignal"]; err != nil {
		return err
	}
	if s.signals == nil {
		s.signals = map[string]store.LaunchSignal{}
	}
	s.signals[signalKey(sig.ServiceID, sig.Source)] = sig
	if launch != nil {
		s.launches = append(s.launches, *launch)
	}
	return nil
}
