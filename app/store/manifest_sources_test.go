package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestManifestSources(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		for _, r := range []store.Repository{
			{ID: 1, InstallationID: 7, Owner: "acme", Name: "payments", DefaultBranch: "main"},
			{ID: 2, InstallationID: 7, Owner: "acme", Name: "ledger", DefaultBranch: "main"},
			{ID: 3, InstallationID: 7, Owner: "acme", Name: "gone", DefaultBranch: "main"},
			{ID: 4, InstallationID: 8, Owner: "other", Name: "payments", DefaultBranch: "main"},
		} {
			if err := s.UpsertRepository(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		set := func(id int64, sources ...string) {
			t.Helper()
			if err := s.SetManifestSources(ctx, id, sources); err != nil {
				t.Fatal(err)
			}
		}
		set(1, "Acme/GitOps", "acme/gitops", "acme/platform-deploy")
		set(2, "acme/gitops")
		set(3, "acme/gitops")
		set(4, "acme/gitops")
		if err := s.RemoveRepository(ctx, 3); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ManifestSources(ctx, 1); err != nil || !slices.Equal(got, []string{"acme/gitops", "acme/platform-deploy"}) {
			t.Errorf("sources of 1 = %q, %v; want both, lower-cased, once each", got, err)
		}
		dependents := func(owner, name string) []int64 {
			t.Helper()
			repos, err := s.ManifestDependents(ctx, 7, owner, name)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range repos {
				ids = append(ids, r.ID)
				if r.Owner != "acme" || r.DefaultBranch != "main" {
					t.Errorf("dependent %+v lacks its columns", r)
				}
			}
			return ids
		}
		if got := dependents("ACME", "gitops"); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("dependents of acme/gitops in installation 7 = %v, want [1 2]: not the removed one, not another installation's", got)
		}
		set(1, "acme/platform-deploy")
		set(2)
		if got := dependents("acme", "gitops"); len(got) != 0 {
			t.Errorf("after the sources changed, dependents of acme/gitops = %v, want none", got)
		}
		if got, err := s.ManifestSources(ctx, 2); err != nil || len(got) != 0 {
			t.Errorf("sources of 2 after clearing = %q, %v", got, err)
		}
	})
}
