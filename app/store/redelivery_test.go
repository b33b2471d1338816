package store_test

import (
	"context"
	"testing"

	"github.com/prchq/prc/app/store/storetest"
)

func TestDeliveryRecorded(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := storetest.OpenConfig(t, storetest.Config(t, engine), insertOnlyWorkers())
		if _, err := s.RecordDelivery(ctx, delivery(7, "guid-a"), nil); err != nil {
			t.Fatal(err)
		}
		for guid, want := range map[string]bool{"guid-a": true, "guid-b": false, "": false} {
			got, err := s.DeliveryRecorded(ctx, guid)
			if err != nil || got != want {
				t.Errorf("DeliveryRecorded(%q) = %v, %v; want %v", guid, got, err, want)
			}
		}
	})
}
