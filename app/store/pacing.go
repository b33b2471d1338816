package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"
)

// contentWindow is the span over which content-creating requests are counted.
const contentWindow = time.Minute

// heldPoll bounds how long a claim waits, while another holds the turn, before asking again:
// the holder's answer usually comes long before its claim would lapse.
const heldPoll = 25 * time.Millisecond

// ClaimMutation takes the installation's turn to send one mutation to GitHub, for every replica
// sharing the database: the turn is free when no other claim holds it (or the one that does
// lapsed, its holder dead, lease after it was taken), the previous mutation's gap has passed,
// and, for a content-creating request (content), fewer than contentPerMinute of them started in
// the last minute (zero: no such limit). It returns the claim, to hand to ReleaseMutation once
// the answer came, or, when the turn is not free, how long to wait before asking again.
func (s *Store) ClaimMutation(ctx context.Context, installationID int64, content bool, contentPerMinute int, lease time.Duration) (claim string, wait time.Duration, err error) {
	if lease <= 0 {
		return "", 0, errors.New("claim mutation: lease must be positive")
	}
	err = inTx(ctx, s.b, func(tx txn) error {
		now := s.stamp()
		if wait, err = s.turnWait(ctx, tx, installationID, now); err != nil || wait > 0 {
			return err
		}
		if content && contentPerMinute > 0 {
			if wait, err = contentWait(ctx, tx, installationID, contentPerMinute, now); err != nil || wait > 0 {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO content_requests (installation_id, sent_at) VALUES ($1, $2)`, installationID, now); err != nil {
				return err
			}
		}
		claim = rand.Text()
		_, err := tx.exec(ctx, `UPDATE mutation_pacing SET holder = $2, held_until = $3 WHERE installation_id = $1`,
			installationID, claim, now.Add(lease))
		return err
	})
	if err != nil {
		return "", 0, fmt.Errorf("claim a mutation of installation %d: %w", installationID, err)
	}
	return claim, wait, nil
}

// turnWait locks the installation's pacing row, creating it if missing, and says how long until
// no claim holds the turn and the gap after the last mutation has passed; zero when both hold now.
func (s *Store) turnWait(ctx context.Context, tx txn, installationID int64, now time.Time) (time.Duration, error) {
	if _, err := tx.exec(ctx, `INSERT INTO mutation_pacing (installation_id, next_at) VALUES ($1, $2)
		ON CONFLICT (installation_id) DO NOTHING`, installationID, time.Unix(0, 0)); err != nil {
		return 0, err
	}
	q := `SELECT next_at, holder, held_until FROM mutation_pacing WHERE installation_id = $1`
	if s.b.engine() == EnginePostgres {
		q += ` FOR UPDATE` // SQLite's transactions take the write lock as they begin
	}
	var (
		next      time.Time
		holder    string
		heldUntil *time.Time
	)
	if err := tx.queryRow(ctx, q, installationID).Scan(&next, &holder, &heldUntil); err != nil {
		return 0, err
	}
	if holder != "" && heldUntil != nil && heldUntil.After(now) {
		return min(heldUntil.Sub(now), heldPoll), nil
	}
	return max(next.Sub(now), 0), nil
}

// contentWait forgets content-creating requests older than the window and says how long until
// fewer than limit of them started within it; zero when that holds now.
func contentWait(ctx context.Context, tx txn, installationID int64, limit int, now time.Time) (time.Duration, error) {
	since := now.Add(-contentWindow)
	if _, err := tx.exec(ctx, `DELETE FROM content_requests WHERE installation_id = $1 AND sent_at <= $2`, installationID, since); err != nil {
		return 0, err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM content_requests WHERE installation_id = $1`, installationID).Scan(&n); err != nil {
		return 0, err
	}
	if n < limit {
		return 0, nil
	}
	// The (n-limit+1)th oldest must leave the window before another may start.
	var oldest time.Time
	err := tx.queryRow(ctx, `SELECT sent_at FROM content_requests WHERE installation_id = $1
		ORDER BY sent_at LIMIT 1 OFFSET $2`, installationID, n-limit).Scan(&oldest)
	if err != nil {
		return 0, err
	}
	return max(oldest.Add(contentWindow).Sub(now), time.Millisecond), nil
}

// ReleaseMutation ends a claim once its mutation was answered: the installation's next mutation
// may start gap from now. A claim that lapsed and was taken over leaves the new holder alone, but
// the gap still counts from this answer.
func (s *Store) ReleaseMutation(ctx context.Context, installationID int64, claim string, gap time.Duration) error {
	now := s.stamp()
	next := now.Add(max(gap, 0))
	_, err := s.b.pool().exec(ctx, `UPDATE mutation_pacing SET
		next_at = CASE WHEN next_at < $3 THEN $3 ELSE next_at END,
		held_until = CASE WHEN holder = $2 THEN NULL ELSE held_until END,
		holder = CASE WHEN holder = $2 THEN '' ELSE holder END
		WHERE installation_id = $1`, installationID, claim, next)
	if err != nil {
		return fmt.Errorf("release a mutation of installation %d: %w", installationID, err)
	}
	return nil
}
