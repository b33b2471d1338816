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

// openWithRepo opens cfg holding repositories 1 and 2 of installation 7 and
// repository 3 of installation 8.
func openWithRepo(t *testing.T, cfg store.Config) *store.Store {
	t.Helper()
	s := storetest.OpenConfig(t, cfg, nil)
	for _, r := range []store.Repository{
		{ID: 1, InstallationID: 7, Owner: "acme", Name: "api"},
		{ID: 2, InstallationID: 7, Owner: "acme", Name: "web"},
		{ID: 3, InstallationID: 8, Owner: "other", Name: "api"},
	} {
		mustDo(t, s.UpsertRepository(context.Background(), r))
	}
	return s
}

// openWithService opens a store on engine with a test clock, the
// repositories of openWithRepo, and service "checkout" in repository 1.
func openWithService(t *testing.T, engine string) (*store.Store, *clock, store.Service) {
	t.Helper()
	clk := newClock()
	cfg := storetest.Config(t, engine)
	cfg.Now = clk.Now
	s := openWithRepo(t, cfg)
	svc, err := s.EnsureService(context.Background(), 1, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	return s, clk, svc
}

func TestEnsureServiceConcurrentCreatesOneRow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := openWithRepo(t, storetest.Config(t, engine))
		const n = 20
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				svc, err := s.EnsureService(ctx, 1, "checkout")
				if err != nil {
					t.Error(err)
				}
				ids[i] = svc.ID
			})
		}
		wg.Wait()
		for i, id := range ids {
			if id == 0 || id != ids[0] {
				t.Fatalf("call %d got service id %d, call 0 got %d", i, id, ids[0])
			}
		}
		all, err := s.Services(ctx, 1)
		if err != nil || len(all) != 1 {
			t.Errorf("Services = %+v, %v; want one", all, err)
		}
	})
}

func TestServiceUpdates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, clk, svc := openWithService(t, engine)
		want := store.Service{ID: svc.ID, RepoID: 1, Name: "checkout", State: store.ServiceActive, UpdatedAt: clk.Now()}
		assertService(t, svc, want)

		clk.Advance(time.Minute)
		mustDo(t, s.SetIssue(ctx, svc.ID, 12, "v1", "hash1"))
		want.IssueNumber, want.ChecklistVersion, want.BodyHash, want.UpdatedAt = 12, "v1", "hash1", clk.Now()
		assertService(t, reload(t, s, svc.ID), want)

		clk.Advance(time.Minute)
		mustDo(t, s.SaveEvaluation(ctx, svc.ID, []byte(`{"ready":false}`), "v2", "hash2"))
		want.Evaluation, want.ChecklistVersion, want.BodyHash, want.UpdatedAt = []byte(`{"ready":false}`), "v2", "hash2", clk.Now()
		assertService(t, reload(t, s, svc.ID), want)

		mustDo(t, s.SetServiceState(ctx, svc.ID, store.ServiceDismissed))
		want.State = store.ServiceDismissed
		assertService(t, reload(t, s, svc.ID), want)

		mustDo(t, s.SetOwners(ctx, svc.ID, []string{"@acme/payments", "@alice"}))
		want.Owners = []string{"@acme/payments", "@alice"}
		assertService(t, reload(t, s, svc.ID), want)
		clk.Advance(time.Minute)
		mustDo(t, s.SetUntracked(ctx, svc.ID, true))
		want.Untracked, want.UpdatedAt = true, clk.Now()
		assertService(t, reload(t, s, svc.ID), want)
		mustDo(t, s.SetUntracked(ctx, svc.ID, false))
		want.Untracked = false
		assertService(t, reload(t, s, svc.ID), want)
		mustDo(t, s.SetUntracked(ctx, svc.ID, true))
		want.Untracked = true

		again, err := s.EnsureService(ctx, 1, "checkout")
		if err != nil {
			t.Fatal(err)
		}
		assertService(t, again, want)
	})
}

func TestServiceErrors(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		tests := map[string]struct {
			err          error
			wantNotFound bool
		}{
			"unknown state":            {err: s.SetServiceState(ctx, svc.ID, "closed")},
			"empty name":               {err: func() error { _, err := s.EnsureService(ctx, 1, ""); return err }()},
			"unknown repository":       {err: func() error { _, err := s.EnsureService(ctx, 99, "x"); return err }()},
			"Service missing":          {err: func() error { _, err := s.Service(ctx, 1, "nope"); return err }(), wantNotFound: true},
			"ServiceByID missing":      {err: func() error { _, err := s.ServiceByID(ctx, 999); return err }(), wantNotFound: true},
			"SetIssue missing":         {err: s.SetIssue(ctx, 999, 1, "v", "h"), wantNotFound: true},
			"SaveEvaluation missing":   {err: s.SaveEvaluation(ctx, 999, nil, "v", "h"), wantNotFound: true},
			"SetServiceState missing":  {err: s.SetServiceState(ctx, 999, store.ServiceActive), wantNotFound: true},
			"SetUntracked missing":     {err: s.SetUntracked(ctx, 999, true), wantNotFound: true},
			"SetOwners missing":        {err: s.SetOwners(ctx, 999, nil), wantNotFound: true},
			"SetOwners bad handle":     {err: s.SetOwners(ctx, svc.ID, []string{"@a,@b"})},
			"RecordTick unknown svc":   {err: s.RecordTick(ctx, store.Tick{ServiceID: 999, Item: "a", User: "u"})},
			"RecordLaunch bad source":  {err: s.RecordLaunch(ctx, store.Launch{ServiceID: svc.ID, Source: "comment"})},
			"RecordLaunch unknown svc": {err: s.RecordLaunch(ctx, store.Launch{ServiceID: 999, Source: store.LaunchFromIssue})},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				if tc.err == nil {
					t.Fatal("no error")
				}
				if got := errors.Is(tc.err, store.ErrNotFound); got != tc.wantNotFound {
					t.Errorf("errors.Is(%v, ErrNotFound) = %v, want %v", tc.err, got, tc.wantNotFound)
				}
			})
		}
	})
}

func TestServicesByInstallation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := openWithRepo(t, storetest.Config(t, engine))
		for _, p := range []struct {
			repo int64
			name string
		}{{2, "web"}, {1, "payments"}, {1, "checkout"}, {3, "elsewhere"}} {
			if _, err := s.EnsureService(ctx, p.repo, p.name); err != nil {
				t.Fatal(err)
			}
		}
		assertServiceNames(t, s, 7, []string{"checkout", "payments", "web"})
		mustDo(t, s.RemoveRepository(ctx, 2))
		assertServiceNames(t, s, 7, []string{"checkout", "payments"})
	})
}

func assertServiceNames(t *testing.T, s *store.Store, installationID int64, want []string) {
	t.Helper()
	got, err := s.ServicesByInstallation(context.Background(), installationID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, svc := range got {
		names = append(names, svc.Name)
	}
	if len(names) != len(want) {
		t.Fatalf("ServicesByInstallation(%d) = %v, want %v", installationID, names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("ServicesByInstallation(%d) = %v, want %v", installationID, names, want)
		}
	}
}

func reload(t *testing.T, s *store.Store, id int64) store.Service {
	t.Helper()
	svc, err := s.ServiceByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func assertService(t *testing.T, got, want store.Service) {
	t.Helper()
	if got.ID != want.ID || got.RepoID != want.RepoID || got.Name != want.Name || got.IssueNumber != want.IssueNumber ||
		got.State != want.State || got.ChecklistVersion != want.ChecklistVersion ||
		string(got.Evaluation) != string(want.Evaluation) || got.BodyHash != want.BodyHash || !got.UpdatedAt.Equal(want.UpdatedAt) ||
		strings.Join(got.Owners, " ") != strings.Join(want.Owners, " ") || got.Untracked != want.Untracked {
		t.Errorf("service = %+v\nwant      %+v", got, want)
	}
}
