package store

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
)

// TestLaunchSignalsMigrationKeepsLaunches upgrades a SQLite store that holds a launch label's
// launch to migration 0005, which rebuilds the launches table, and reads the launch back.
func TestLaunchSignalsMigrationKeepsLaunches(t *testing.T) {
	ctx := context.Background()
	b, err := openSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.close() })
	migrations, err := loadMigrations(migrationFS, EngineSQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool().exec(ctx, `CREATE TABLE prc_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations {
		if m.version < 5 {
			if err := applyMigration(ctx, b, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO repositories (id, installation_id, owner, name, created_at, updated_at) VALUES (1, 1, 'acme', 'api', $1, $1)`,
		`INSERT INTO services (id, repo_id, name, created_at, updated_at) VALUES (9, 1, 'api', $1, $1)`,
		`INSERT INTO launches (service_id, user_login, checklist_version, source, number, at) VALUES (9, 'alice', '2', 'issue', 3, $1)`,
	} {
		if _, err := b.pool().exec(ctx, q, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := migrate(ctx, b, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	s := &Store{b: b, now: time.Now}
	got, err := s.Launches(ctx, 9)
	want := Launch{ServiceID: 9, User: "alice", ChecklistVersion: "2", Source: LaunchFromIssue, Number: 3, At: at}
	if err != nil || len(got) != 1 || got[0] != want {
		t.Fatalf("launches after the upgrade = %+v, %v; want %+v", got, err, want)
	}
	topic := Launch{ServiceID: 9, User: "bob", ChecklistVersion: "2", Source: LaunchFromTopic, Number: 3, At: at.Add(time.Hour), Signal: "production", Incomplete: true}
	if err := s.RecordLaunch(ctx, topic); err != nil {
		t.Fatalf("a topic launch after the upgrade: %v", err)
	}
}
