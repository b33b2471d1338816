package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// SQLiteFile is the database file inside Config.DataDir.
const SQLiteFile = "prc.db"

// sqlitePragmas configure every connection: wait on locks instead of failing,
// WAL for readers beside the writer, enforced foreign keys, and transactions
// that take the write lock when they begin, so that a second process on the
// same file waits instead of failing with SQLITE_BUSY mid-transaction.
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_txlock=immediate"

// sqliteBackend is the embedded engine: one *sql.DB on <DataDir>/prc.db.
type sqliteBackend struct {
	path   string
	db     *sql.DB
	driver *riversqlite.Driver
	client *river.Client[*sql.Tx]
}

// openSQLite creates dataDir if missing and opens the database in it.
func openSQLite(ctx context.Context, dataDir string) (*sqliteBackend, error) {
	if dataDir == "" {
		return nil, fmt.Errorf("DataDir is required for the sqlite engine")
	}
	if strings.ContainsRune(dataDir, '?') {
		return nil, fmt.Errorf("DataDir %q: must not contain '?'", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create DataDir %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, SQLiteFile)
	db, err := sql.Open("sqlite", path+"?"+sqlitePragmas)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// SQLite has one writer; River's driver documents a single connection
	// as the way to avoid SQLITE_BUSY between its concurrent operations.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	b := &sqliteBackend{path: path, db: db, driver: riversqlite.New(db)}
	if err := b.firstConnect(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return b, nil
}

// firstConnect opens the first connection, which applies the pragmas, under the migration lock:
// turning a new file to WAL needs its exclusive lock, and SQLite answers SQLITE_BUSY at once,
// without waiting, to connections that would otherwise deadlock doing so together.
func (b *sqliteBackend) firstConnect(ctx context.Context) error {
	unlock, err := b.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return b.db.PingContext(ctx)
}

func (b *sqliteBackend) engine() string                 { return EngineSQLite }
func (b *sqliteBackend) pool() querier                  { return sqlQuerier{b.db} }
func (b *sqliteBackend) ping(ctx context.Context) error { return b.db.PingContext(ctx) }
func (b *sqliteBackend) close() error                   { return b.db.Close() }

// lockMigrations holds an flock on a file beside the database, so processes
// opening the same file migrate one after the other.
func (b *sqliteBackend) lockMigrations(ctx context.Context) (func(), error) {
	return lockFile(ctx, b.path+".migrate-lock")
}

func (b *sqliteBackend) begin(ctx context.Context) (txn, error) {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &sqliteTx{sqlQuerier: sqlQuerier{tx}, tx: tx, client: b.client}, nil
}

func (b *sqliteBackend) migrateRiver(ctx context.Context, logger *slog.Logger) error {
	return migrateRiver(ctx, b.driver, logger)
}

func (b *sqliteBackend) newClient(cfg *river.Config) (jobClient, error) {
	return newRiverClient(b.driver, cfg, &b.client)
}

// sqliteTx is a database/sql transaction with River inserts on it.
type sqliteTx struct {
	sqlQuerier
	tx     *sql.Tx
	client *river.Client[*sql.Tx]
}

func (t *sqliteTx) insertJob(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := t.client.InsertTx(ctx, t.tx, args, opts)
	return err
}

func (t *sqliteTx) commit(context.Context) error   { return t.tx.Commit() }
func (t *sqliteTx) rollback(context.Context) error { return t.tx.Rollback() }

// sqlDB is what *sql.DB and *sql.Tx have in common.
type sqlDB interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// sqlQuerier adapts database/sql to querier. modernc.org/sqlite binds $N to
// the Nth argument, so the same SQL text serves both engines.
type sqlQuerier struct{ db sqlDB }

func (q sqlQuerier) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.db.ExecContext(ctx, query, normArgs(args)...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q sqlQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	return q.db.QueryRowContext(ctx, query, normArgs(args)...)
}

func (q sqlQuerier) query(ctx context.Context, query string, args ...any) (rows, error) {
	r, err := q.db.QueryContext(ctx, query, normArgs(args)...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

// sqlRows gives *sql.Rows the Close signature of pgx.Rows; the close error
// is reported by Err.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }
