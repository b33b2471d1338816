package webhook

import "github.com/prchq/prc/app/events"

// Handles reports whether the webhook records deliveries of event with action: exactly those the
// events table routes. Everything else is acknowledged with 202 and dropped.
func Handles(event, action string) bool { return events.Handles(event, action) }
