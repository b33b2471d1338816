package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestInstallationLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		in := store.Installation{ID: 5, Account: "acme", AccountType: "Organization"}
		mustDo(t, s.UpsertInstallation(ctx, in))
		mustDo(t, s.UpsertRepository(ctx, store.Repository{ID: 50, InstallationID: 5, Owner: "acme", Name: "api"}))

		steps := []struct {
			name string
			do   func() error
			want store.Installation
		}{
			{"suspend", func() error { return s.SetInstallationSuspended(ctx, 5, true) },
				store.Installation{ID: 5, Account: "acme", AccountType: "Organization", Suspended: true}},
			{"unsuspend", func() error { return s.SetInstallationSuspended(ctx, 5, false) }, in},
			{"delete", func() error { return s.DeleteInstallation(ctx, 5) },
				store.Installation{ID: 5, Account: "acme", AccountType: "Organization", Deleted: true}},
			{"delete again", func() error { return s.DeleteInstallation(ctx, 5) },
				store.Installation{ID: 5, Account: "acme", AccountType: "Organization", Deleted: true}},
			{"reinstall", func() error { return s.UpsertInstallation(ctx, store.Installation{ID: 5, Account: "acme-renamed"}) },
				store.Installation{ID: 5, Account: "acme-renamed"}},
		}
		for _, st := range steps {
			mustDo(t, st.do())
			got, err := s.Installation(ctx, 5)
			if err != nil || got != st.want {
				t.Errorf("after %s: Installation = %+v, %v; want %+v", st.name, got, err, st.want)
			}
		}
		repo, err := s.Repository(ctx, 50)
		if err != nil || !repo.Removed {
			t.Errorf("repository after installation deleted = %+v, %v; want removed", repo, err)
		}
	})
}

// TestUnknownInstallationsAndRepositories: events about what the store never
// saw change nothing and are not errors; lookups say ErrNotFound.
func TestUnknownInstallationsAndRepositories(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		for name, err := range map[string]error{
			"SetInstallationSuspended": s.SetInstallationSuspended(ctx, 404, true),
			"DeleteInstallation":       s.DeleteInstallation(ctx, 404),
			"RemoveRepository":         s.RemoveRepository(ctx, 404),
		} {
			if err != nil {
				t.Errorf("%s of unknown = %v, want nil", name, err)
			}
		}
		for name, err := range map[string]error{
			"Installation":     func() error { _, err := s.Installation(ctx, 404); return err }(),
			"Repository":       func() error { _, err := s.Repository(ctx, 404); return err }(),
			"RepositoryByName": func() error { _, err := s.RepositoryByName(ctx, "no", "such"); return err }(),
		} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", name, err)
			}
		}
	})
}

func TestRepositories(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		api := store.Repository{ID: 1, InstallationID: 7, Owner: "Acme", Name: "API", DefaultBranch: "main"}
		web := store.Repository{ID: 2, InstallationID: 7, Owner: "acme", Name: "web", DefaultBranch: "trunk", Archived: true}
		other := store.Repository{ID: 3, InstallationID: 8, Owner: "other", Name: "api"}
		for _, r := range []store.Repository{web, api, other} {
			mustDo(t, s.UpsertRepository(ctx, r))
		}
		assertRepos(t, s, 7, []store.Repository{api, web})

		got, err := s.RepositoryByName(ctx, "ACME", "api")
		if err != nil || got != api {
			t.Errorf("RepositoryByName(ACME, api) = %+v, %v; want %+v", got, err, api)
		}

		mustDo(t, s.RemoveRepository(ctx, 2))
		assertRepos(t, s, 7, []store.Repository{api})
		removed := web
		removed.Removed = true
		if got, err := s.Repository(ctx, 2); err != nil || got != removed {
			t.Errorf("Repository(2) after removal = %+v, %v; want %+v", got, err, removed)
		}

		web.DefaultBranch = "main"
		mustDo(t, s.UpsertRepository(ctx, web))
		assertRepos(t, s, 7, []store.Repository{api, web})
	})
}

func TestRepositoryByNamePrefersTheLiveRepository(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		mustDo(t, s.UpsertRepository(ctx, store.Repository{ID: 1, InstallationID: 7, Owner: "acme", Name: "api"}))
		mustDo(t, s.UpsertRepository(ctx, store.Repository{ID: 2, InstallationID: 7, Owner: "acme", Name: "api"}))
		mustDo(t, s.RemoveRepository(ctx, 2))
		got, err := s.RepositoryByName(ctx, "acme", "api")
		if err != nil || got.ID != 1 {
			t.Errorf("RepositoryByName = %+v, %v; want repository 1", got, err)
		}
	})
}

func assertRepos(t *testing.T, s *store.Store, installationID int64, want []store.Repository) {
	t.Helper()
	got, err := s.Repositories(context.Background(), installationID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Repositories(%d) = %+v, want %+v", installationID, got, want)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
