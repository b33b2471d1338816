package store

import (
	"context"
	"fmt"
)

// DeliveryRecorded reports whether a delivery with this GUID was recorded, under any hook.
func (s *Store) DeliveryRecorded(ctx context.Context, guid string) (bool, error) {
	var n int
	err := s.b.pool().queryRow(ctx, `SELECT count(*) FROM deliveries WHERE delivery_id = $1`, guid).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up delivery %s: %w", guid, err)
	}
	return n > 0, nil
}
