package store

import (
	"context"
	"fmt"
	"time"
)

// MarkStale records that work for the repository owner/name of the installation gave up, with
// the last error as reason: its services are shown stale until ClearStale. The first time it
// went stale is kept.
func (s *Store) MarkStale(ctx context.Context, installationID int64, owner, name, reason string) error {
	_, err := s.b.pool().exec(ctx, `UPDATE repositories SET stale_since = COALESCE(stale_since, $4), stale_reason = $5
		WHERE installation_id = $1 AND lower(owner) = lower($2) AND lower(name) = lower($3)`,
		installationID, owner, name, s.stamp(), reason)
	return wrapErr(fmt.Sprintf("mark %s/%s stale", owner, name), err)
}

// ClearStale records that the repository's services are up to date again.
func (s *Store) ClearStale(ctx context.Context, installationID int64, owner, name string) error {
	_, err := s.b.pool().exec(ctx, `UPDATE repositories SET stale_since = NULL, stale_reason = ''
		WHERE installation_id = $1 AND lower(owner) = lower($2) AND lower(name) = lower($3) AND stale_since IS NOT NULL`,
		installationID, owner, name)
	return wrapErr(fmt.Sprintf("clear %s/%s stale", owner, name), err)
}

// Staleness is why a repository's services may be out of date.
type Staleness struct {
	// Since is when work for the repository last gave up without a success since; nil when fresh.
	Since  *time.Time
	Reason string
}
