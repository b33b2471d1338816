package store

import (
	"context"
	"fmt"
)

// EvaluatedKey returns what the last evaluation of repository id read, as SetEvaluatedKey
// saved it: "" when it was never evaluated, or ErrNotFound for an unknown repository.
func (s *Store) EvaluatedKey(ctx context.Context, id int64) (string, error) {
	var key string
	err := s.b.pool().queryRow(ctx, `SELECT evaluated_key FROM repositories WHERE id = $1`, id).Scan(&key)
	if err != nil {
		return "", notFound(fmt.Sprintf("evaluated key of repository %d", id), err)
	}
	return key, nil
}

// SetEvaluatedKey records what the evaluation of repository id just read; "" forgets it.
// Setting it on an unknown repository does nothing.
func (s *Store) SetEvaluatedKey(ctx context.Context, id int64, key string) error {
	_, err := s.b.pool().exec(ctx, `UPDATE repositories SET evaluated_key = $2 WHERE id = $1`, id, key)
	return wrapErr(fmt.Sprintf("set evaluated key of repository %d", id), err)
}
