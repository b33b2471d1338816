package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/sirupsen/logrus"
)

// Engine names returned by Store.Engine.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Defaults applied by Open to zero Config fields. PostgreSQL's workers hear of new jobs through
// LISTEN/NOTIFY, but River sends at most one insert notification per queue per fetch cooldown,
// so a job a worker enqueues right after the webhook's (delivery, then reconcile) waits for the
// poll: DefaultPostgresPoll keeps that wait short, at ten cheap queries a second per replica.
const (
	DefaultJobTimeout         = time.Minute
	DefaultSQLitePollInterval = 150 * time.Millisecond
	DefaultPostgresPoll       = 100 * time.Millisecond
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Config selects the engine and tunes the job queue.
type Config struct {
	// DataDir holds the SQLite database file prc.db; created if missing.
	DataDir string
	// DatabaseURL, when it starts with postgres:// or postgresql://, selects
	// PostgreSQL instead of SQLite.
	DatabaseURL string
	// Logger receives River's warnings and errors; defaults to logrus's
	// standard logger.
	Logger logrus.FieldLogger
	// JobTimeout bounds each job's context, unless its worker sets its own
	// Timeout; default DefaultJobTimeout. A job left running by a dead
	// process is retried a few seconds after its deadline.
	JobTimeout time.Duration
	// MaxWorkers is how many jobs run at once; default 2×CPUs, at least 4.
	MaxWorkers int
	// PollInterval is how often workers poll for new jobs; default
	// DefaultSQLitePollInterval or DefaultPostgresPoll by engine.
	PollInterval time.Duration
	// Now is the clock for stored times and lease expiry; default time.Now.
	Now func() time.Time
	// Middleware wraps River's job insertion and work, e.g. to count jobs.
	Middleware []rivertype.Middleware
}

// withDefaults returns cfg with zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Logger == nil {
		cfg.Logger = logrus.StandardLogger()
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = DefaultJobTimeout
	}
	if cfg.MaxWorkers <= 0 {
		cfg.MaxWorkers = max(4, 2*runtime.NumCPU())
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultSQLitePollInterval
		if isPostgresURL(cfg.DatabaseURL) {
			cfg.PollInterval = DefaultPostgresPoll
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// Store is the App's database and job queue. It is safe for concurrent use.
type Store struct {
	b    backend
	jobs jobClient
	now  func() time.Time
	// hasWorkers is whether Open was given workers, so Start can work jobs.
	hasWorkers bool

	mu      sync.Mutex
	started bool
}

// Open connects to the configured engine, applies River's and the store's
// migrations, and creates the River client without starting it. workers may
// be nil for a store that only enqueues.
func Open(ctx context.Context, cfg Config, workers *river.Workers) (*Store, error) {
	cfg = cfg.withDefaults()
	b, err := openBackend(ctx, cfg)
	if err != nil {
		return nil, err
	}
	logger := newSlogLogger(cfg.Logger)
	if err := migrate(ctx, b, logger); err != nil {
		_ = b.close()
		return nil, fmt.Errorf("migrate %s: %w", b.engine(), err)
	}
	jobs, err := b.newClient(riverConfig(cfg, workers, logger))
	if err != nil {
		_ = b.close()
		return nil, fmt.Errorf("create job client: %w", err)
	}
	return &Store{b: b, jobs: jobs, now: cfg.Now, hasWorkers: workers != nil}, nil
}

// openBackend picks the engine from cfg.DatabaseURL.
func openBackend(ctx context.Context, cfg Config) (backend, error) {
	switch {
	case isPostgresURL(cfg.DatabaseURL):
		return openPostgres(ctx, cfg.DatabaseURL, cfg.MaxWorkers)
	case cfg.DatabaseURL != "":
		return nil, fmt.Errorf("DatabaseURL: want a postgres:// or postgresql:// URL, or none for SQLite")
	default:
		return openSQLite(ctx, cfg.DataDir)
	}
}

// Engine names the database engine: EngineSQLite or EnginePostgres.
func (s *Store) Engine() string { return s.b.engine() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.b.ping(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.b.engine(), err)
	}
	return nil
}

// Close stops workers still running, cancelling their jobs, and closes the
// database. Call Stop first for a graceful shutdown.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stopErr error
	if s.Running() {
		stopErr = s.jobs.StopAndCancel(ctx)
	}
	return errors.Join(stopErr, s.b.close())
}

// stamp returns the current time for storing.
func (s *Store) stamp() time.Time { return s.now().UTC() }

// nowUTC is the time recorded for applied migrations.
func nowUTC() time.Time { return time.Now().UTC() }
