package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrationFS embed.FS

// migration is one versioned SQL file, migrations/<engine>/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the engine's migrations in version order.
func loadMigrations(fsys fs.FS, engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		m, err := parseMigration(fsys, dir, e.Name())
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[m.version]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, m.name, m.version)
		}
		seen[m.version] = m.name
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// parseMigration reads dir/name, whose name must start with a version number.
func parseMigration(fsys fs.FS, dir, name string) (migration, error) {
	num, _, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
	version, err := strconv.Atoi(num)
	if !ok || err != nil || version <= 0 || !strings.HasSuffix(name, ".sql") {
		return migration{}, fmt.Errorf("migration %s/%s: want NNNN_name.sql", dir, name)
	}
	body, err := fs.ReadFile(fsys, path.Join(dir, name))
	if err != nil {
		return migration{}, fmt.Errorf("read migration %s: %w", name, err)
	}
	return migration{version: version, name: name, sql: string(body)}, nil
}

// migrate applies River's migrations and then the store's, under the
// engine's migration lock.
func migrate(ctx context.Context, b backend, logger *slog.Logger) error {
	migrations, err := loadMigrations(migrationFS, b.engine())
	if err != nil {
		return err
	}
	unlock, err := b.lockMigrations(ctx)
	if err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer unlock()
	if err := b.migrateRiver(ctx, logger); err != nil {
		return err
	}
	const ddl = `CREATE TABLE IF NOT EXISTS prc_schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`
	if _, err := b.pool().exec(ctx, ddl); err != nil {
		return fmt.Errorf("create prc_schema_migrations: %w", err)
	}
	for _, m := range migrations {
		if err := applyMigration(ctx, b, m); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration applies m in its own transaction unless it is recorded as
// applied already.
func applyMigration(ctx context.Context, b backend, m migration) error {
	err := inTx(ctx, b, func(tx txn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM prc_schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, m.sql); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO prc_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.name, nowUTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return nil
}

// migrateRiver applies River's own migrations with driver.
func migrateRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], logger *slog.Logger) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}
