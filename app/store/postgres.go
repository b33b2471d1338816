package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// migrationLockKey is the advisory lock taken while migrating PostgreSQL, so
// replicas starting together apply each migration once.
const migrationLockKey int64 = 0x70726301 // "prc" 1

// isPostgresURL reports whether u selects the PostgreSQL engine.
func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// postgresBackend is the multi-replica engine over a pgx pool.
type postgresBackend struct {
	pgpool *pgxpool.Pool
	driver *riverpgxv5.Driver
	client *river.Client[pgx.Tx]
}

// openPostgres connects a pool to url, sized for maxWorkers jobs plus River's
// own connections and the webhook edge.
func openPostgres(ctx context.Context, url string, maxWorkers int) (*postgresBackend, error) {
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DatabaseURL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") && pcfg.MaxConns < int32(maxWorkers+4) {
		pcfg.MaxConns = int32(maxWorkers + 4)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect postgres %s@%s/%s: %w", pcfg.ConnConfig.User, pcfg.ConnConfig.Host, pcfg.ConnConfig.Database, err)
	}
	return &postgresBackend{pgpool: pool, driver: riverpgxv5.New(pool)}, nil
}

func (b *postgresBackend) engine() string                 { return EnginePostgres }
func (b *postgresBackend) pool() querier                  { return pgxQuerier{b.pgpool} }
func (b *postgresBackend) ping(ctx context.Context) error { return b.pgpool.Ping(ctx) }
func (b *postgresBackend) close() error                   { b.pgpool.Close(); return nil }

func (b *postgresBackend) begin(ctx context.Context) (txn, error) {
	tx, err := b.pgpool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &pgxTx{pgxQuerier: pgxQuerier{tx}, tx: tx, client: b.client}, nil
}

// lockMigrations holds a session advisory lock on a dedicated connection.
func (b *postgresBackend) lockMigrations(ctx context.Context) (func(), error) {
	conn, err := b.pgpool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("acquire connection: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
		conn.Release()
		return nil, fmt.Errorf("advisory lock: %w", err)
	}
	return func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey); err != nil {
			// A connection that may still hold the lock must not be reused.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
		conn.Release()
	}, nil
}

func (b *postgresBackend) migrateRiver(ctx context.Context, logger *slog.Logger) error {
	return migrateRiver(ctx, b.driver, logger)
}

func (b *postgresBackend) newClient(cfg *river.Config) (jobClient, error) {
	return newRiverClient(b.driver, cfg, &b.client)
}

// pgxTx is a pgx transaction with River inserts on it.
type pgxTx struct {
	pgxQuerier
	tx     pgx.Tx
	client *river.Client[pgx.Tx]
}

func (t *pgxTx) insertJob(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := t.client.InsertTx(ctx, t.tx, args, opts)
	return err
}

func (t *pgxTx) commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t *pgxTx) rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// pgxDB is what *pgxpool.Pool and pgx.Tx have in common.
type pgxDB interface {
	Exec(ctx context.Context, q string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, q string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) pgx.Row
}

// pgxQuerier adapts pgx to querier.
type pgxQuerier struct{ db pgxDB }

func (q pgxQuerier) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.db.Exec(ctx, query, normArgs(args)...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q pgxQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	return q.db.QueryRow(ctx, query, normArgs(args)...)
}

func (q pgxQuerier) query(ctx context.Context, query string, args ...any) (rows, error) {
	return q.db.Query(ctx, query, normArgs(args)...)
}
