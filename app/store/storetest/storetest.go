// Package storetest opens isolated stores for tests on every engine
// available: SQLite always, PostgreSQL when PRC_TEST_DATABASE_URL names a
// server where the test role may create databases.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/sirupsen/logrus"

	"github.com/prchq/prc/app/store"
)

// EnvDatabaseURL names the environment variable holding an administrative
// PostgreSQL URL; each test gets its own database created through it.
const EnvDatabaseURL = "PRC_TEST_DATABASE_URL"

// PollInterval is the job poll interval of test stores, short so tests wait
// little for their jobs.
const PollInterval = 50 * time.Millisecond

// Engines returns the engines tests can run on.
func Engines(t testing.TB) []string {
	t.Helper()
	engines := []string{store.EngineSQLite}
	if os.Getenv(EnvDatabaseURL) != "" {
		engines = append(engines, store.EnginePostgres)
	}
	return engines
}

// Run runs fn as a subtest named after each engine of Engines.
func Run(t *testing.T, fn func(t *testing.T, engine string)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) { fn(t, engine) })
	}
}

// Config returns a store configuration on a fresh, empty database of
// engine, removed when the test ends. Reopening the same Config reaches the
// same database.
func Config(t testing.TB, engine string) store.Config {
	t.Helper()
	logger := logrus.New()
	logger.SetLevel(logrus.WarnLevel)
	cfg := store.Config{Logger: logger, PollInterval: PollInterval}
	switch engine {
	case store.EngineSQLite:
		cfg.DataDir = t.TempDir()
	case store.EnginePostgres:
		cfg.DatabaseURL = newDatabase(t)
	default:
		t.Fatalf("storetest: unknown engine %q", engine)
	}
	return cfg
}

// Open opens a store without workers on a fresh database of engine, closed
// when the test ends.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	return OpenConfig(t, Config(t, engine), nil)
}

// OpenConfig opens cfg with workers (nil for none), closed when the test
// ends.
func OpenConfig(t testing.TB, cfg store.Config, workers *river.Workers) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, cfg, workers)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}

// newDatabase creates a database through the admin URL and returns its URL;
// it is dropped, with any connections left, when the test ends.
func newDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvDatabaseURL)
	if admin == "" {
		t.Fatalf("storetest: %s is not set", EnvDatabaseURL)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("storetest: parse %s: %v", EnvDatabaseURL, err)
	}
	name := "prc_t_" + randomHex(t, 8)
	adminExec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { adminExec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}

// adminExec runs one statement on a short-lived admin connection.
func adminExec(t testing.TB, admin, stmt string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("storetest: connect %s: %v", EnvDatabaseURL, err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, stmt); err != nil {
		t.Fatalf("storetest: %s: %v", stmt, err)
	}
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("storetest: random: %v", err)
	}
	return hex.EncodeToString(b)
}
