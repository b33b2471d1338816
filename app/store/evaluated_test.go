package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestEvaluatedKey(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.Open(t, engine)
		if _, err := s.EvaluatedKey(ctx, 9); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("EvaluatedKey of an unknown repository: %v, want ErrNotFound", err)
		}
		repo := store.Repository{ID: 9, InstallationID: 1, Owner: "acme", Name: "api", DefaultBranch: "main"}
		if err := s.UpsertRepository(ctx, repo); err != nil {
			t.Fatal(err)
		}
		if key, err := s.EvaluatedKey(ctx, 9); err != nil || key != "" {
			t.Errorf("EvaluatedKey of a repository never evaluated = %q, %v; want empty", key, err)
		}
		if err := s.SetEvaluatedKey(ctx, 9, "k1"); err != nil {
			t.Fatal(err)
		}
		repo.DefaultBranch = "trunk"
		if err := s.UpsertRepository(ctx, repo); err != nil {
			t.Fatal(err)
		}
		if key, err := s.EvaluatedKey(ctx, 9); err != nil || key != "k1" {
			t.Errorf("EvaluatedKey after an upsert = %q, %v; want k1 kept", key, err)
		}
	})
}
