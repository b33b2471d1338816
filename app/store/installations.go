package store

import (
	"context"
	"fmt"
	"time"
)

// Installation is an installation of the App on an account.
type Installation struct {
	ID          int64
	Account     string
	AccountType string // "Organization" or "User"
	Suspended   bool
	// Deleted is set by DeleteInstallation and cleared by UpsertInstallation.
	Deleted bool
}

// UpsertInstallation creates or updates in, clearing a previous deletion.
func (s *Store) UpsertInstallation(ctx context.Context, in Installation) error {
	now := s.stamp()
	_, err := s.b.pool().exec(ctx, `INSERT INTO installations
		(id, account, account_type, suspended, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (id) DO UPDATE SET account = excluded.account, account_type = excluded.account_type,
		suspended = excluded.suspended, deleted_at = NULL, updated_at = excluded.updated_at`,
		in.ID, in.Account, in.AccountType, in.Suspended, now)
	if err != nil {
		return fmt.Errorf("upsert installation %d: %w", in.ID, err)
	}
	return nil
}

// SetInstallationSuspended records whether installation id is suspended.
// An installation the store never saw is left unrecorded, without error:
// webhook events may concern installations made before the store existed.
func (s *Store) SetInstallationSuspended(ctx context.Context, id int64, suspended bool) error {
	_, err := s.b.pool().exec(ctx, `UPDATE installations SET suspended = $2, updated_at = $3 WHERE id = $1`,
		id, suspended, s.stamp())
	return wrapErr(fmt.Sprintf("set installation %d suspended", id), err)
}

// DeleteInstallation marks installation id and its repositories deleted,
// keeping their history. Deleting an unknown installation does nothing.
func (s *Store) DeleteInstallation(ctx context.Context, id int64) error {
	now := s.stamp()
	return inTx(ctx, s.b, func(tx txn) error {
		_, err := tx.exec(ctx, `UPDATE installations SET deleted_at = $2, updated_at = $2
			WHERE id = $1 AND deleted_at IS NULL`, id, now)
		if err != nil {
			return fmt.Errorf("delete installation %d: %w", id, err)
		}
		_, err = tx.exec(ctx, `UPDATE repositories SET removed_at = $2, updated_at = $2
			WHERE installation_id = $1 AND removed_at IS NULL`, id, now)
		return wrapErr(fmt.Sprintf("remove repositories of installation %d", id), err)
	})
}

// Installation returns installation id, deleted or not, or ErrNotFound.
func (s *Store) Installation(ctx context.Context, id int64) (Installation, error) {
	in := Installation{ID: id}
	var deletedAt *time.Time
	err := s.b.pool().queryRow(ctx, `SELECT account, account_type, suspended, deleted_at FROM installations WHERE id = $1`, id).
		Scan(&in.Account, &in.AccountType, &in.Suspended, &deletedAt)
	if err != nil {
		return Installation{}, notFound(fmt.Sprintf("installation %d", id), err)
	}
	in.Deleted = deletedAt != nil
	return in, nil
}

// updateOne runs an UPDATE that must match a row, or returns ErrNotFound
// for what.
func (s *Store) updateOne(ctx context.Context, what, query string, args ...any) error {
	n, err := s.b.pool().exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("update %s: %w", what, ErrNotFound)
	}
	return nil
}
