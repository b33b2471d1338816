package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// querier runs SQL written with $1-style placeholders on either engine:
// a pool or a transaction.
type querier interface {
	exec(ctx context.Context, q string, args ...any) (int64, error)
	queryRow(ctx context.Context, q string, args ...any) scanner
	query(ctx context.Context, q string, args ...any) (rows, error)
}

// scanner is one result row.
type scanner interface {
	Scan(dest ...any) error
}

// rows iterates a result set.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// txn is a database transaction that can also insert River jobs atomically.
type txn interface {
	querier
	insertJob(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// jobClient is the part of River's client that does not depend on the
// transaction type.
type jobClient interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Stopped() <-chan struct{}
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// backend is one engine: its pool, transactions, River client and migrations.
type backend interface {
	engine() string
	pool() querier
	begin(ctx context.Context) (txn, error)
	ping(ctx context.Context) error
	// lockMigrations serialises migrations across processes sharing the
	// database; the returned func releases the lock.
	lockMigrations(ctx context.Context) (func(), error)
	migrateRiver(ctx context.Context, logger *slog.Logger) error
	newClient(cfg *river.Config) (jobClient, error)
	close() error
}

// inTx runs fn in a transaction of b, committing when fn returns nil.
func inTx(ctx context.Context, b backend, fn func(tx txn) error) error {
	tx, err := b.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.rollback(context.WithoutCancel(ctx)); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// normArgs returns args with every time.Time in UTC (so SQLite's text form
// sorts and compares correctly) and truncated to PostgreSQL's microsecond
// precision (so both engines read back the same value).
func normArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			a = t.UTC().Truncate(time.Microsecond)
		}
		out[i] = a
	}
	return out
}
