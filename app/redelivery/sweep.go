package redelivery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/prchq/prc/app/gh"
)

// Window is how far back GitHub keeps deliveries that can be redelivered.
const Window = 3 * 24 * time.Hour

// Deliveries is the App's webhook delivery log on GitHub.
type Deliveries interface {
	// HookDeliveries lists the attempts made since a time, newest first.
	HookDeliveries(ctx context.Context, since time.Time) ([]gh.HookDelivery, error)
	// Redeliver asks GitHub to send an attempt again.
	Redeliver(ctx context.Context, deliveryID int64) error
}

// Recorded tells whether prc has recorded a delivery.
type Recorded interface {
	DeliveryRecorded(ctx context.Context, guid string) (bool, error)
}

// Result counts what one sweep did.
type Result struct {
	Seen, Missed, Redelivered int
}

// Sweep asks GitHub to redeliver, once each, the newest attempt of every GUID of the last
// Window that no attempt delivered (no answer, or a 5xx) and that prc has not recorded. A
// failed request for one GUID does not stop the others; the errors are returned together.
func Sweep(ctx context.Context, log logrus.FieldLogger, d Deliveries, rec Recorded, now time.Time) (Result, error) {
	list, err := d.HookDeliveries(ctx, now.Add(-Window))
	if err != nil {
		return Result{}, fmt.Errorf("read the webhook delivery log: %w", err)
	}
	res := Result{Seen: len(list)}
	var errs []error
	for _, m := range missed(list) {
		known, err := rec.DeliveryRecorded(ctx, m.GUID)
		if err != nil {
			return res, err
		}
		if known {
			continue
		}
		res.Missed++
		entry := log.WithFields(logrus.Fields{"delivery": m.GUID, "event": m.Event, "installation": m.InstallationID, "github_status": m.StatusCode})
		if err := d.Redeliver(ctx, m.ID); err != nil {
			entry.WithError(err).Warn("missed webhook not redelivered")
			errs = append(errs, err)
			continue
		}
		res.Redelivered++
		entry.Info("missed webhook: redelivery requested")
	}
	return res, errors.Join(errs...)
}

// missed keeps the newest attempt of each GUID that no attempt delivered, newest first. A GUID
// prc refused on purpose (a 4xx, such as a bad signature, other than 408 and 429) is not
// missed: asking again would be refused again.
func missed(list []gh.HookDelivery) []gh.HookDelivery {
	delivered := map[string]bool{}
	for _, d := range list {
		if d.Delivered() || refused(d.StatusCode) {
			delivered[d.GUID] = true
		}
	}
	seen := map[string]bool{}
	var out []gh.HookDelivery
	for _, d := range list {
		if !delivered[d.GUID] && !seen[d.GUID] {
			seen[d.GUID] = true
			out = append(out, d)
		}
	}
	return out
}

func refused(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}
