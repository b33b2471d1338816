package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ReportSchedule is an organisation's readiness report: how often it is posted and the latest post.
type ReportSchedule struct {
	Org            string
	InstallationID int64
	Every          time.Duration
	// Timezone is the IANA zone the report's dates are written in.
	Timezone string
	// ScheduledAt is when the organisation asked for reports; the first one is due then.
	ScheduledAt time.Time
	// Seq counts the reports posted; a claim names the one it is for.
	Seq         int
	IssueNumber int
	PostedAt    time.Time // zero before the first report
}

// Due is when the next report is due.
func (r ReportSchedule) Due() time.Time {
	if r.PostedAt.IsZero() {
		return r.ScheduledAt
	}
	return r.PostedAt.Add(r.Every)
}

// ScheduleReport records how often the organisation's report is posted and in which time zone
// its dates are written, at time at; every zero stops it. The latest report is kept either way.
func (s *Store) ScheduleReport(ctx context.Context, org string, installationID int64, every time.Duration, timezone string, at time.Time) error {
	org = strings.ToLower(org)
	_, err := s.b.pool().exec(ctx, `INSERT INTO reports (org, installation_id, every_seconds, timezone, scheduled_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org) DO UPDATE SET installation_id = excluded.installation_id, every_seconds = excluded.every_seconds,
			timezone = excluded.timezone,
			scheduled_at = CASE WHEN reports.every_seconds = 0 THEN excluded.scheduled_at ELSE reports.scheduled_at END
		WHERE reports.every_seconds <> excluded.every_seconds OR reports.installation_id <> excluded.installation_id
			OR reports.timezone <> excluded.timezone`,
		org, installationID, int64(every/time.Second), timezone, at.UTC())
	return wrapErr("schedule the report of "+org, err)
}

// ReportSchedules returns the organisations that post reports, by organisation.
func (s *Store) ReportSchedules(ctx context.Context) ([]ReportSchedule, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (ReportSchedule, error) {
		var r ReportSchedule
		var every int64
		var posted *time.Time
		err := row.Scan(&r.Org, &r.InstallationID, &every, &r.Timezone, &r.ScheduledAt, &r.Seq, &r.IssueNumber, &posted)
		r.Every, r.ScheduledAt = time.Duration(every)*time.Second, r.ScheduledAt.UTC()
		if posted != nil {
			r.PostedAt = posted.UTC()
		}
		return r, err
	}, `SELECT org, installation_id, every_seconds, timezone, scheduled_at, seq, issue_number, posted_at FROM reports
		WHERE every_seconds > 0 ORDER BY org`)
	return out, wrapErr("report schedules", err)
}

// ClaimReport claims the organisation's report number seq+1 for owner until until, at time now.
// It returns false when that report was posted already or a claim, even owner's own, has not
// expired: of all replicas, one posts each report, and a failed post is tried again once the
// claim runs out.
func (s *Store) ClaimReport(ctx context.Context, org string, seq int, owner string, until, now time.Time) (bool, error) {
	n, err := s.b.pool().exec(ctx, `UPDATE reports SET claimed_by = $3, claim_until = $4
		WHERE org = $1 AND seq = $2 AND (claim_until IS NULL OR claim_until <= $5)`,
		strings.ToLower(org), seq, owner, until.UTC(), now.UTC())
	return n == 1, wrapErr("claim the report of "+org, err)
}

// FinishReport records that owner, holding the claim, posted the report as issue number at at.
func (s *Store) FinishReport(ctx context.Context, org, owner string, number int, at time.Time) error {
	return s.updateOne(ctx, fmt.Sprintf("report of %s claimed by %s", org, owner), `UPDATE reports
		SET seq = seq + 1, issue_number = $3, posted_at = $4, claimed_by = '', claim_until = NULL
		WHERE org = $1 AND claimed_by = $2`, strings.ToLower(org), owner, number, at.UTC())
}
