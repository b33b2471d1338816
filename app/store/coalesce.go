package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/riverqueue/river"
)

// Coalescing is a job that a waiting job of its kind can stand for: a job that is available,
// scheduled, retryable or pending has read nothing yet, so when it runs it sees whatever a new
// one would. A running job is never a stand-in: it may have read already.
type Coalescing interface {
	river.JobArgs
	// CoalesceOn says which waiting jobs stand for this one; a nil result means none.
	CoalesceOn() *Coalesce
}

// Coalesce describes the waiting jobs that stand for a new one, by their JSON arguments.
type Coalesce struct {
	// Equal are top-level fields whose values, as text, a waiting job must share.
	Equal map[string]string
	// Set are boolean fields a waiting job must have true, and Unset ones it must not.
	Set, Unset []string
}

// waitingStates are the River states of jobs that have not started their current attempt.
const waitingStates = `('available', 'scheduled', 'retryable', 'pending')`

// enqueueCoalesced inserts job unless a waiting job stands for it, in one transaction that
// concurrent enqueues of the same job wait for: SQLite has one connection, and PostgreSQL takes
// a transaction lock on what the job is matched by.
func (s *Store) enqueueCoalesced(ctx context.Context, job river.JobArgs, c *Coalesce, opts *river.InsertOpts) error {
	where, args := c.where(job.Kind())
	return inTx(ctx, s.b, func(tx txn) error {
		if s.b.engine() == EnginePostgres {
			if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, fmt.Sprintf("%q", args)); err != nil {
				return fmt.Errorf("lock %s enqueue: %w", job.Kind(), err)
			}
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM river_job WHERE `+where, args...).Scan(&n); err != nil {
			return fmt.Errorf("look for a waiting %s job: %w", job.Kind(), err)
		}
		if n > 0 {
			return nil
		}
		if err := tx.insertJob(ctx, job, opts); err != nil {
			return fmt.Errorf("enqueue %s: %w", job.Kind(), err)
		}
		return nil
	})
}

// where is the SQL condition, on either engine, matching the waiting jobs of kind that stand for
// a job. Values are compared as text because SQLite's ->> returns numbers and booleans as such.
func (c *Coalesce) where(kind string) (string, []any) {
	conds := []string{"kind = $1", "state IN " + waitingStates}
	args := []any{kind}
	param := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	keys := make([]string, 0, len(c.Equal))
	for k := range c.Equal {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		conds = append(conds, fmt.Sprintf("CAST(args->>%s AS TEXT) = %s", param(k), param(c.Equal[k])))
	}
	for _, k := range c.Set {
		conds = append(conds, fmt.Sprintf("COALESCE(CAST(args->>%s AS TEXT), '') IN ('true', '1')", param(k)))
	}
	for _, k := range c.Unset {
		conds = append(conds, fmt.Sprintf("COALESCE(CAST(args->>%s AS TEXT), '') NOT IN ('true', '1')", param(k)))
	}
	return strings.Join(conds, " AND "), args
}
