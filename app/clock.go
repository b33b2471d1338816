package app

import "time"

// WithClock sets the clock the App decides by: waivers and records in reconcile, campaign
// deadlines on the dashboard, and when reports are due. Tests move it by hand; default time.Now.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }
