package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestOpenTwiceKeepsDataAndSchema(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		cfg := storetest.Config(t, engine)
		first, err := store.Open(ctx, cfg, nil)
		if err != nil {
			t.Fatalf("first open: %v", err)
		}
		if err := first.UpsertInstallation(ctx, store.Installation{ID: 7, Account: "acme"}); err != nil {
			t.Fatal(err)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		second := storetest.OpenConfig(t, cfg, nil)
		if got := second.Engine(); got != engine {
			t.Errorf("Engine() = %q, want %q", got, engine)
		}
		in, err := second.Installation(ctx, 7)
		if err != nil || in.Account != "acme" {
			t.Errorf("after reopen Installation(7) = %+v, %v; want account acme", in, err)
		}
		if err := second.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

func TestConcurrentOpensMigrateOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		cfg := storetest.Config(t, engine)
		const n = 4
		stores := make([]*store.Store, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { stores[i], errs[i] = store.Open(context.Background(), cfg, nil) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("open %d: %v", i, err)
				continue
			}
			if err := stores[i].Close(); err != nil {
				t.Errorf("close %d: %v", i, err)
			}
		}
	})
}

func TestOpenRejectsBadConfig(t *testing.T) {
	tests := map[string]struct {
		cfg  store.Config
		want string
	}{
		"unsupported url":  {cfg: store.Config{DatabaseURL: "mysql://db/prc"}, want: "DatabaseURL"},
		"no data dir":      {cfg: store.Config{}, want: "DataDir"},
		"question in path": {cfg: store.Config{DataDir: t.TempDir() + "/a?b"}, want: "DataDir"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := store.Open(context.Background(), tc.cfg, nil)
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded, want error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %s", err, tc.want)
			}
		})
	}
}

func TestStartWithoutWorkers(t *testing.T) {
	s := storetest.Open(t, store.EngineSQLite)
	if err := s.Start(context.Background()); !errors.Is(err, store.ErrNoWorkers) {
		t.Errorf("Start without workers = %v, want ErrNoWorkers", err)
	}
	if s.Running() {
		t.Error("Running() after failed Start")
	}
}

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func errorsJoin(errs ...error) error { return errors.Join(errs...) }

func errorsIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
