package store

import (
	"context"
	"fmt"
	"time"
)

// LaunchSignal is the last launch signal prc handled for a service from one source
// (LaunchFromTopic or LaunchFromProperty): the topic or property value it saw, and the launch
// state that value meant, such as "launched".
type LaunchSignal struct {
	ServiceID int64
	Source    string
	Value     string
	State     string
	UpdatedAt time.Time
}

// LaunchSignal returns the last signal handled for the service from source, or ErrNotFound.
func (s *Store) LaunchSignal(ctx context.Context, serviceID int64, source string) (LaunchSignal, error) {
	sig := LaunchSignal{ServiceID: serviceID, Source: source}
	err := s.b.pool().queryRow(ctx, `SELECT value, state, updated_at FROM launch_signals WHERE service_id = $1 AND source = $2`,
		serviceID, source).Scan(&sig.Value, &sig.State, &sig.UpdatedAt)
	if err != nil {
		return sig, notFound(fmt.Sprintf("launch signal %s of service %d", source, serviceID), err)
	}
	sig.UpdatedAt = sig.UpdatedAt.UTC()
	return sig, nil
}

// SaveLaunchSignal records sig as handled and, when launch is not nil, the launch it made, in
// one transaction: a signal is never recorded without its launch, nor a launch twice for it.
func (s *Store) SaveLaunchSignal(ctx context.Context, sig LaunchSignal, launch *Launch) error {
	if sig.Source != LaunchFromTopic && sig.Source != LaunchFromProperty {
		return fmt.Errorf("save launch signal of service %d: unknown source %q", sig.ServiceID, sig.Source)
	}
	if sig.UpdatedAt.IsZero() {
		sig.UpdatedAt = s.stamp()
	}
	err := inTx(ctx, s.b, func(tx txn) error {
		_, err := tx.exec(ctx, `INSERT INTO launch_signals (service_id, source, value, state, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (service_id, source) DO UPDATE SET value = excluded.value, state = excluded.state, updated_at = excluded.updated_at`,
			sig.ServiceID, sig.Source, sig.Value, sig.State, sig.UpdatedAt.UTC())
		if err != nil || launch == nil {
			return err
		}
		return s.recordLaunch(ctx, tx, *launch)
	})
	return wrapErr(fmt.Sprintf("save launch signal %s of service %d", sig.Source, sig.ServiceID), err)
}

// LatestLaunches returns each launched service's latest launch, by service id.
func (s *Store) LatestLaunches(ctx context.Context) (map[int64]Launch, error) {
	list, err := queryAll(ctx, s.b.pool(), func(row scanner) (Launch, error) {
		var l Launch
		err := row.Scan(&l.ServiceID, &l.User, &l.ChecklistVersion, &l.Source, &l.Number, &l.At, &l.Signal, &l.Incomplete)
		l.At = l.At.UTC()
		return l, err
	}, `SELECT service_id, user_login, checklist_version, source, number, at, signal, incomplete FROM launches l
		WHERE id = (SELECT max(id) FROM launches m WHERE m.service_id = l.service_id)`)
	if err != nil {
		return nil, wrapErr("latest launches", err)
	}
	out := make(map[int64]Launch, len(list))
	for _, l := range list {
		out[l.ServiceID] = l
	}
	return out, nil
}
