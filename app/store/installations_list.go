package store

import (
	"context"
	"time"
)

// Installations lists every installation the store knows, deleted or not, by id.
func (s *Store) Installations(ctx context.Context) ([]Installation, error) {
	list, err := queryAll(ctx, s.b.pool(), func(row scanner) (Installation, error) {
		var in Installation
		var deletedAt *time.Time
		err := row.Scan(&in.ID, &in.Account, &in.AccountType, &in.Suspended, &deletedAt)
		in.Deleted = deletedAt != nil
		return in, err
	}, `SELECT id, account, account_type, suspended, deleted_at FROM installations ORDER BY id`)
	return list, wrapErr("list installations", err)
}
