package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// TryLock takes or renews the lease key for owner until ttl from now. It
// returns false, without waiting, while another owner holds an unexpired
// lease. Leases work across replicas sharing the database.
func (s *Store) TryLock(ctx context.Context, key, owner string, ttl time.Duration) (bool, error) {
	if key == "" || owner == "" || ttl <= 0 {
		return false, errors.New("try lock: key, owner and a positive ttl are required")
	}
	now := s.stamp()
	n, err := s.b.pool().exec(ctx, `INSERT INTO locks (key, owner, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE locks.owner = excluded.owner OR locks.expires_at <= $4`,
		key, owner, now.Add(ttl), now)
	if err != nil {
		return false, fmt.Errorf("try lock %s: %w", key, err)
	}
	return n == 1, nil
}

// Unlock releases key if owner holds it; releasing a lease held by someone
// else, or none, does nothing.
func (s *Store) Unlock(ctx context.Context, key, owner string) error {
	if _, err := s.b.pool().exec(ctx, `DELETE FROM locks WHERE key = $1 AND owner = $2`, key, owner); err != nil {
		return fmt.Errorf("unlock %s: %w", key, err)
	}
	return nil
}
