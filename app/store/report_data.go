package store

import (
	"context"
	"time"
)

// RepoLaunch is a launch with the service and repository it launched.
type RepoLaunch struct {
	Launch
	Owner, Repo, Service string
}

// LaunchesSince returns the launches recorded from since on, in repositories not removed, oldest first.
func (s *Store) LaunchesSince(ctx context.Context, since time.Time) ([]RepoLaunch, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (RepoLaunch, error) {
		var l RepoLaunch
		err := row.Scan(&l.ServiceID, &l.User, &l.ChecklistVersion, &l.Source, &l.Number, &l.At, &l.Owner, &l.Repo, &l.Service)
		l.At = l.At.UTC()
		return l, err
	}, `SELECT l.service_id, l.user_login, l.checklist_version, l.source, l.number, l.at, r.owner, r.name, s.name
		FROM launches l JOIN services s ON s.id = l.service_id JOIN repositories r ON r.id = s.repo_id
		WHERE l.at >= $1 AND r.removed_at IS NULL ORDER BY l.at, l.id`, since.UTC())
	return out, wrapErr("launches since "+since.UTC().Format(time.DateOnly), err)
}

// ServiceOwners maps the id of every service whose owners are known to its owners.
func (s *Store) ServiceOwners(ctx context.Context) (map[int64][]string, error) {
	type row struct {
		id     int64
		owners string
	}
	rows, err := queryAll(ctx, s.b.pool(), func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.owners)
	}, `SELECT id, owners FROM services WHERE owners <> ''`)
	out := make(map[int64][]string, len(rows))
	for _, r := range rows {
		out[r.id] = splitOwners(r.owners)
	}
	return out, wrapErr("service owners", err)
}

// RegressionsSince returns the regressions that opened from since on and those still open,
// oldest first.
func (s *Store) RegressionsSince(ctx context.Context, since time.Time) ([]Regression, error) {
	out, err := queryAll(ctx, s.b.pool(), scanRegression, `SELECT `+regressionColumns+` FROM regressions
		WHERE regressed_at >= $1 OR recovered_at IS NULL ORDER BY regressed_at, id`, since.UTC())
	return out, wrapErr("regressions since "+since.UTC().Format(time.DateOnly), err)
}
