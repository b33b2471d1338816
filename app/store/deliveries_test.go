package store_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

// deliveryArgs is the job a recorded delivery enqueues in these tests.
type deliveryArgs struct {
	DeliveryID string `json:"delivery_id"`
}

func (deliveryArgs) Kind() string { return "test_delivery" }

// insertOnlyWorkers registers a worker for deliveryArgs so inserts validate;
// the tests never start it.
func insertOnlyWorkers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, river.WorkFunc(func(context.Context, *river.Job[deliveryArgs]) error { return nil }))
	return w
}

func delivery(hookID int64, id string) store.Delivery {
	return store.Delivery{
		HookID: hookID, DeliveryID: id, Event: "issues", Action: "edited", InstallationID: 42,
		Payload: []byte(`{"action":"edited"}`), ReceivedAt: time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC),
	}
}

func TestRecordDelivery(t *testing.T) {
	type record struct {
		hookID        int64
		id            string
		wantDuplicate bool
	}
	tests := map[string]struct {
		records  []record
		wantJobs int
	}{
		"first time":             {records: []record{{1, "a", false}}, wantJobs: 1},
		"redelivery":             {records: []record{{1, "a", false}, {1, "a", true}}, wantJobs: 1},
		"same id, other hook":    {records: []record{{1, "a", false}, {2, "a", false}}, wantJobs: 2},
		"two deliveries":         {records: []record{{1, "a", false}, {1, "b", false}}, wantJobs: 2},
		"redelivery of the last": {records: []record{{1, "a", false}, {1, "b", false}, {1, "b", true}}, wantJobs: 2},
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				s := storetest.OpenConfig(t, storetest.Config(t, engine), insertOnlyWorkers())
				for i, r := range tc.records {
					dup, err := s.RecordDelivery(ctx, delivery(r.hookID, r.id), deliveryArgs{DeliveryID: r.id})
					if err != nil || dup != r.wantDuplicate {
						t.Fatalf("record %d: duplicate = %v, %v; want %v", i, dup, err, r.wantDuplicate)
					}
				}
				assertJobs(t, s, tc.wantJobs)
			})
		}
	})
}

func TestRecordDeliveryConcurrentDuplicates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.OpenConfig(t, storetest.Config(t, engine), insertOnlyWorkers())
		const n = 20
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			fresh int
		)
		for range n {
			wg.Go(func() {
				dup, err := s.RecordDelivery(ctx, delivery(9, "same"), deliveryArgs{DeliveryID: "same"})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if !dup {
					fresh++
				}
			})
		}
		wg.Wait()
		if fresh != 1 {
			t.Errorf("%d of %d concurrent deliveries recorded as new, want 1", fresh, n)
		}
		assertJobs(t, s, 1)
	})
}

func TestDeliveryRoundTripAndPrune(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.OpenConfig(t, storetest.Config(t, engine), insertOnlyWorkers())
		want := delivery(3, "abc")
		if _, err := s.RecordDelivery(ctx, want, deliveryArgs{DeliveryID: "abc"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Delivery(ctx, 3, "abc")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Payload, want.Payload) || !deliveryFieldsEqual(got, want) {
			t.Errorf("Delivery = %+v, want %+v", got, want)
		}
		if _, err := s.Delivery(ctx, 3, "missing"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Delivery(missing) = %v, want ErrNotFound", err)
		}
		n, err := s.PruneDeliveries(ctx, want.ReceivedAt.Add(time.Second))
		if err != nil || n != 1 {
			t.Fatalf("PruneDeliveries = %d, %v; want 1", n, err)
		}
		if _, err := s.Delivery(ctx, 3, "abc"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Delivery after prune = %v, want ErrNotFound", err)
		}
	})
}

func deliveryFieldsEqual(a, b store.Delivery) bool {
	return a.HookID == b.HookID && a.DeliveryID == b.DeliveryID && a.Event == b.Event &&
		a.Action == b.Action && a.InstallationID == b.InstallationID && a.ReceivedAt.Equal(b.ReceivedAt)
}

func assertJobs(t *testing.T, s *store.Store, want int) {
	t.Helper()
	counts, err := s.JobCounts(context.Background(), deliveryArgs{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	if counts["available"] != want || len(counts) > 1 {
		t.Errorf("jobs by state = %v, want %d available", counts, want)
	}
}
