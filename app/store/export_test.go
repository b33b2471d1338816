package store

import (
	"context"
	"time"
)

// MarkRunning makes every job of kind look taken by a process that died at attemptedAt: running,
// first attempt, and nothing left to finish it.
func MarkRunning(ctx context.Context, s *Store, kind string, attemptedAt time.Time) error {
	var at any = attemptedAt.UTC()
	if s.Engine() == EngineSQLite {
		at = attemptedAt.UTC().Format("2006-01-02 15:04:05.000") // River's SQLite time format
	}
	_, err := s.b.pool().exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = $1 WHERE kind = $2`, at, kind)
	return err
}
