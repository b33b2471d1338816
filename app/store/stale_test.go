package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestStaleIsShownUntilCleared(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, _ := openWithService(t, engine)
		_, err := s.EnsureService(ctx, 2, "web")
		mustDo(t, err)
		first := clk.Now()
		mustDo(t, s.MarkStale(ctx, 7, "ACME", "api", "boom"))
		clk.Advance(time.Minute)
		mustDo(t, s.MarkStale(ctx, 7, "acme", "api", "boom again"))
		mustDo(t, s.MarkStale(ctx, 8, "acme", "web", "another installation's repository"))
		stale := staleByRepo(t, s)
		if got := stale["api"]; got.Since == nil || !got.Since.Equal(first.Truncate(time.Microsecond)) || got.Reason != "boom again" {
			t.Errorf("acme/api: %+v, want stale since the first give-up, with the last reason", got)
		}
		if stale["web"].Since != nil {
			t.Errorf("acme/web is stale: %+v", stale["web"])
		}
		mustDo(t, s.ClearStale(ctx, 7, "acme", "api"))
		if got := staleByRepo(t, s)["api"]; got.Since != nil || got.Reason != "" {
			t.Errorf("acme/api after a clear: %+v", got)
		}
	})
}

func staleByRepo(t *testing.T, s *store.Store) map[string]store.Staleness {
	t.Helper()
	rows, err := s.Overviews(context.Background())
	mustDo(t, err)
	out := map[string]store.Staleness{}
	for _, o := range rows {
		out[o.Repo] = o.Stale
	}
	return out
}
