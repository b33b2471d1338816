package store

import (
	"context"
	"fmt"
	"time"
)

// Tick is one change of a manual item's box in a PRC issue.
type Tick struct {
	ServiceID int64
	Item      string // checklist item id
	User      string // GitHub login
	Checked   bool   // the box's new state
	Accepted  bool   // false when the app reverted it
	// Refusal says why the app reverted a tick: RefusedAccess (the default) or RefusedNoLink.
	Refusal string
	// Link is the evidence on the ticked line, recorded with an accepted tick; "" when none.
	Link string
	At   time.Time
}

// Why the app reverted a tick.
const (
	RefusedAccess = ""         // the person may not write to the repository
	RefusedNoLink = "evidence" // the item asks for a link and the ticked line had none
)

// Launch sources: a launch label on the PRC issue or a pull request, a repository topic, or a
// custom property value.
const (
	LaunchFromIssue       = "issue"
	LaunchFromPullRequest = "pull_request"
	LaunchFromTopic       = "topic"
	LaunchFromProperty    = "property"
)

// Launch is one recorded launch: an accepted launch label on a complete checklist, or a
// repository topic or custom property that says the service launched.
type Launch struct {
	ServiceID        int64
	User             string
	ChecklistVersion string
	Source           string // one of the LaunchFrom constants
	Number           int    // issue or pull request number; for a signal, the PRC issue's
	At               time.Time
	// Signal names a topic or property signal: "production" or "lifecycle=production".
	Signal string
	// Incomplete marks a launch signalled while required items were missing.
	Incomplete bool
}

// RecordTick appends t to the service's tick history; a zero At means now.
func (s *Store) RecordTick(ctx context.Context, t Tick) error {
	if t.At.IsZero() {
		t.At = s.stamp()
	}
	_, err := s.b.pool().exec(ctx, `INSERT INTO ticks (service_id, item, user_login, checked, accepted, refusal, link, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ServiceID, t.Item, t.User, t.Checked, t.Accepted, t.Refusal, t.Link, t.At)
	return wrapErr(fmt.Sprintf("record tick of %s on service %d", t.Item, t.ServiceID), err)
}

// Ticks returns the service's ticks, oldest first.
func (s *Store) Ticks(ctx context.Context, serviceID int64) ([]Tick, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (Tick, error) {
		t := Tick{ServiceID: serviceID}
		err := row.Scan(&t.Item, &t.User, &t.Checked, &t.Accepted, &t.Refusal, &t.Link, &t.At)
		t.At = t.At.UTC()
		return t, err
	}, `SELECT item, user_login, checked, accepted, refusal, link, at FROM ticks WHERE service_id = $1 ORDER BY at, id`, serviceID)
	return out, wrapErr(fmt.Sprintf("ticks of service %d", serviceID), err)
}

// RecordLaunch appends l to the service's launches; a zero At means now.
func (s *Store) RecordLaunch(ctx context.Context, l Launch) error {
	return s.recordLaunch(ctx, s.b.pool(), l)
}

func (s *Store) recordLaunch(ctx context.Context, q querier, l Launch) error {
	switch l.Source {
	case LaunchFromIssue, LaunchFromPullRequest, LaunchFromTopic, LaunchFromProperty:
	default:
		return fmt.Errorf("record launch on service %d: unknown source %q", l.ServiceID, l.Source)
	}
	if l.At.IsZero() {
		l.At = s.stamp()
	}
	_, err := q.exec(ctx, `INSERT INTO launches (service_id, user_login, checklist_version, source, number, at, signal, incomplete)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, l.ServiceID, l.User, l.ChecklistVersion, l.Source, l.Number, l.At, l.Signal, l.Incomplete)
	return wrapErr(fmt.Sprintf("record launch on service %d", l.ServiceID), err)
}

// Launches returns the service's launches, oldest first.
func (s *Store) Launches(ctx context.Context, serviceID int64) ([]Launch, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (Launch, error) {
		l := Launch{ServiceID: serviceID}
		err := row.Scan(&l.User, &l.ChecklistVersion, &l.Source, &l.Number, &l.At, &l.Signal, &l.Incomplete)
		l.At = l.At.UTC()
		return l, err
	}, `SELECT user_login, checklist_version, source, number, at, signal, incomplete FROM launches WHERE service_id = $1 ORDER BY at, id`, serviceID)
	return out, wrapErr(fmt.Sprintf("launches of service %d", serviceID), err)
}
