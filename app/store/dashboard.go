package store

import (
	"context"
	"fmt"
	"time"
)

// Overview is an active service with its repository, for the dashboard.
type Overview struct {
	Service
	Owner, Repo    string
	InstallationID int64
	Launched       bool // a launch was recorded
	Regressed      bool // a required item broke after the launch and has not recovered
}

// Overviews returns every active, tracked service in a repository that is not removed, by
// owner, repository and name.
func (s *Store) Overviews(ctx context.Context) ([]Overview, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (Overview, error) {
		var o Overview
		err := row.Scan(&o.ID, &o.RepoID, &o.Name, &o.IssueNumber, &o.State, &o.ChecklistVersion, &o.Evaluation,
			&o.BodyHash, &o.UpdatedAt, &o.Owner, &o.Repo, &o.InstallationID, &o.Launched, &o.Regressed)
		o.UpdatedAt = o.UpdatedAt.UTC()
		return o, err
	}, `SELECT s.id, s.repo_id, s.name, s.issue_number, s.state, s.checklist_version, s.evaluation, s.body_hash,
		s.updated_at, r.owner, r.name, r.installation_id,
		EXISTS (SELECT 1 FROM launches l WHERE l.service_id = s.id),
		EXISTS (SELECT 1 FROM regressions g WHERE g.service_id = s.id AND g.recovered_at IS NULL)
		FROM services s JOIN repositories r ON r.id = s.repo_id
		WHERE r.removed_at IS NULL AND s.state = 'active' AND s.untracked_at IS NULL
		ORDER BY lower(r.owner), lower(r.name), s.name`)
	return out, wrapErr("service overviews", err)
}

// ReadinessDay is one organisation's count of services and of fully ready ones on one day.
type ReadinessDay struct {
	Org      string
	Day      string // YYYY-MM-DD, UTC
	Services int
	Ready    int
}

// RecordReadiness sets the organisation's counts for the day of at, replacing earlier ones that day.
func (s *Store) RecordReadiness(ctx context.Context, org string, at time.Time, services, ready int) error {
	_, err := s.b.pool().exec(ctx, `INSERT INTO readiness_days (org, day, services, ready) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org, day) DO UPDATE SET services = excluded.services, ready = excluded.ready`,
		org, at.UTC().Format(time.DateOnly), services, ready)
	return wrapErr(fmt.Sprintf("record readiness of %s", org), err)
}

// ReadinessHistory returns every organisation's days from since on, by organisation and day.
func (s *Store) ReadinessHistory(ctx context.Context, since time.Time) ([]ReadinessDay, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (ReadinessDay, error) {
		var d ReadinessDay
		return d, row.Scan(&d.Org, &d.Day, &d.Services, &d.Ready)
	}, `SELECT org, day, services, ready FROM readiness_days WHERE day >= $1 ORDER BY org, day`, since.UTC().Format(time.DateOnly))
	return out, wrapErr("readiness history", err)
}

// Backfill is how far an installation's latest backfill got.
type Backfill struct {
	InstallationID int64
	Done, Total    int
	UpdatedAt      time.Time
}

// StartBackfill records that a backfill of total repositories began.
func (s *Store) StartBackfill(ctx context.Context, installationID int64, total int) error {
	_, err := s.b.pool().exec(ctx, `INSERT INTO backfill_progress (installation_id, done, total, updated_at) VALUES ($1, 0, $2, $3)
		ON CONFLICT (installation_id) DO UPDATE SET done = 0, total = excluded.total, updated_at = excluded.updated_at`,
		installationID, total, s.stamp())
	return wrapErr(fmt.Sprintf("start backfill of installation %d", installationID), err)
}

// BackfillStep counts one more repository of the installation's backfill as done.
func (s *Store) BackfillStep(ctx context.Context, installationID int64) error {
	_, err := s.b.pool().exec(ctx, `UPDATE backfill_progress SET done = done + 1, updated_at = $2
		WHERE installation_id = $1 AND done < total`, installationID, s.stamp())
	return wrapErr(fmt.Sprintf("backfill step of installation %d", installationID), err)
}

// Backfills returns the backfills still under way that progressed since since; one whose last
// repositories keep failing stops being shown.
func (s *Store) Backfills(ctx context.Context, since time.Time) ([]Backfill, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (Backfill, error) {
		var b Backfill
		err := row.Scan(&b.InstallationID, &b.Done, &b.Total, &b.UpdatedAt)
		b.UpdatedAt = b.UpdatedAt.UTC()
		return b, err
	}, `SELECT installation_id, done, total, updated_at FROM backfill_progress WHERE done < total AND updated_at >= $1
		ORDER BY installation_id`, since.UTC())
	return out, wrapErr("backfills", err)
}
