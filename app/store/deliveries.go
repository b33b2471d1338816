package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Delivery is one webhook delivery as received.
type Delivery struct {
	HookID         int64
	DeliveryID     string
	Event          string
	Action         string
	InstallationID int64
	Payload        []byte
	ReceivedAt     time.Time
}

// RecordDelivery stores d and enqueues job (if not nil) in one transaction. A delivery
// already recorded under (HookID, DeliveryID) is a duplicate: nothing is
// written, no job is enqueued, and duplicate is true.
func (s *Store) RecordDelivery(ctx context.Context, d Delivery, job river.JobArgs) (duplicate bool, err error) {
	if d.DeliveryID == "" {
		return false, errors.New("record delivery: empty delivery id")
	}
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = s.stamp()
	}
	err = inTx(ctx, s.b, func(tx txn) error {
		n, err := tx.exec(ctx, `INSERT INTO deliveries
			(hook_id, delivery_id, event, action, installation_id, payload, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hook_id, delivery_id) DO NOTHING`,
			d.HookID, d.DeliveryID, d.Event, d.Action, d.InstallationID, nonNil(d.Payload), d.ReceivedAt)
		if err != nil || n == 0 || job == nil {
			duplicate = err == nil && n == 0
			return err
		}
		return tx.insertJob(ctx, job, nil)
	})
	if err != nil {
		return false, fmt.Errorf("record delivery %d/%s: %w", d.HookID, d.DeliveryID, err)
	}
	return duplicate, nil
}

// Delivery returns the recorded delivery, or ErrNotFound.
func (s *Store) Delivery(ctx context.Context, hookID int64, deliveryID string) (Delivery, error) {
	d := Delivery{HookID: hookID, DeliveryID: deliveryID}
	err := s.b.pool().queryRow(ctx, `SELECT event, action, installation_id, payload, received_at
		FROM deliveries WHERE hook_id = $1 AND delivery_id = $2`, hookID, deliveryID).
		Scan(&d.Event, &d.Action, &d.InstallationID, &d.Payload, &d.ReceivedAt)
	if err != nil {
		return Delivery{}, notFound(fmt.Sprintf("delivery %d/%s", hookID, deliveryID), err)
	}
	d.ReceivedAt = d.ReceivedAt.UTC()
	return d, nil
}

// PruneDeliveries deletes deliveries received before cutoff and reports how
// many went. Redeliveries of a pruned delivery are no longer deduplicated.
func (s *Store) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	n, err := s.b.pool().exec(ctx, `DELETE FROM deliveries WHERE received_at < $1`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return n, nil
}

// notFound wraps err with what, mapping a missing row to ErrNotFound.
func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
