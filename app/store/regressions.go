package store

import (
	"context"
	"fmt"
	"time"
)

// What a regression's comment on the PRC issue says, Regression.CommentShows.
const (
	CommentNone      = ""
	CommentRegressed = "regressed"
	CommentRecovered = "recovered"
)

// Regression is a required auto item of a launched service that a default-branch commit broke.
type Regression struct {
	ID        int64
	ServiceID int64
	Item      string
	// SHA is the default-branch commit on which the item first failed.
	SHA string
	// EvidencePath, EvidenceLine and Evidence are the failing result's first evidence.
	EvidencePath string
	EvidenceLine int
	Evidence     string
	// CommentID is the PRC-issue comment announcing the regression; 0 until it is posted.
	CommentID int64
	// CommentShows is what that comment says now: CommentNone, CommentRegressed or CommentRecovered.
	CommentShows string
	RegressedAt  time.Time
	// RecoveredSHA and RecoveredAt say when the item passed again; empty and zero while open.
	RecoveredSHA string
	RecoveredAt  time.Time
}

// Open reports whether the item has not recovered yet.
func (r Regression) Open() bool { return r.RecoveredAt.IsZero() }

const regressionColumns = `id, service_id, item, commit_sha, evidence_path, evidence_line, evidence, comment_id,
	comment_shows, regressed_at, recovered_sha, recovered_at`

// OpenRegression records reg unless its item already has an open regression, and returns the
// open one: the same row for every retry and every replica. A zero RegressedAt means now.
func (s *Store) OpenRegression(ctx context.Context, reg Regression) (Regression, error) {
	what := fmt.Sprintf("open regression of %s on service %d", reg.Item, reg.ServiceID)
	if reg.Item == "" || reg.SHA == "" {
		return Regression{}, fmt.Errorf("%s: an item and a commit are required", what)
	}
	if reg.RegressedAt.IsZero() {
		reg.RegressedAt = s.stamp()
	}
	_, err := s.b.pool().exec(ctx, `INSERT INTO regressions (service_id, item, commit_sha, evidence_path, evidence_line,
		evidence, regressed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
		reg.ServiceID, reg.Item, reg.SHA, reg.EvidencePath, reg.EvidenceLine, reg.Evidence, reg.RegressedAt.UTC())
	if err != nil {
		return Regression{}, wrapErr(what, err)
	}
	out, err := scanRegression(s.b.pool().queryRow(ctx, `SELECT `+regressionColumns+` FROM regressions
		WHERE service_id = $1 AND item = $2 AND recovered_at IS NULL`, reg.ServiceID, reg.Item))
	if err != nil {
		return Regression{}, notFound(what, err)
	}
	return out, nil
}

// ActiveRegressions returns the service's open regressions and the recovered ones whose
// comment does not say so yet, oldest first.
func (s *Store) ActiveRegressions(ctx context.Context, serviceID int64) ([]Regression, error) {
	out, err := queryAll(ctx, s.b.pool(), scanRegression, `SELECT `+regressionColumns+` FROM regressions
		WHERE service_id = $1 AND (recovered_at IS NULL OR comment_shows <> 'recovered') ORDER BY id`, serviceID)
	return out, wrapErr(fmt.Sprintf("regressions of service %d", serviceID), err)
}

// RecoverRegression closes open regression id: its item passes again at commit sha.
func (s *Store) RecoverRegression(ctx context.Context, id int64, sha string) error {
	return s.updateOne(ctx, fmt.Sprintf("regression %d", id), `UPDATE regressions
		SET recovered_sha = $2, recovered_at = $3 WHERE id = $1 AND recovered_at IS NULL`, id, sha, s.stamp())
}

// SetRegressionComment records the comment announcing regression id and what it says now.
func (s *Store) SetRegressionComment(ctx context.Context, id, commentID int64, shows string) error {
	if shows != CommentRegressed && shows != CommentRecovered {
		return fmt.Errorf("set comment of regression %d: unknown state %q", id, shows)
	}
	return s.updateOne(ctx, fmt.Sprintf("regression %d", id),
		`UPDATE regressions SET comment_id = $2, comment_shows = $3 WHERE id = $1`, id, commentID, shows)
}

// Launched reports whether a launch of the service was recorded, by whichever signal.
func (s *Store) Launched(ctx context.Context, serviceID int64) (bool, error) {
	var ok bool
	err := s.b.pool().queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM launches WHERE service_id = $1)`, serviceID).Scan(&ok)
	return ok, wrapErr(fmt.Sprintf("launches of service %d", serviceID), err)
}

func scanRegression(row scanner) (Regression, error) {
	var r Regression
	var recovered *time.Time
	err := row.Scan(&r.ID, &r.ServiceID, &r.Item, &r.SHA, &r.EvidencePath, &r.EvidenceLine, &r.Evidence, &r.CommentID,
		&r.CommentShows, &r.RegressedAt, &r.RecoveredSHA, &recovered)
	r.RegressedAt = r.RegressedAt.UTC()
	if recovered != nil {
		r.RecoveredAt = recovered.UTC()
	}
	return r, err
}
