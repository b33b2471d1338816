package gh

import "time"

// HookDelivery is one attempt GitHub made to deliver a webhook to the App; redeliveries keep
// the GUID of the first attempt.
type HookDelivery struct {
	ID             int64
	GUID           string
	DeliveredAt    time.Time
	StatusCode     int
	Event, Action  string
	InstallationID int64
	Redelivery     bool
}

// Delivered reports whether the App answered this attempt with a 2xx.
func (d HookDelivery) Delivered() bool { return d.StatusCode >= 200 && d.StatusCode < 300 }
