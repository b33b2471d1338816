package app

import "time"

// WithClock sets the clock the App decides by: waivers, progress and records in reconcile, due
// reminders, campaign deadlines on the dashboard, and when reports are due. Tests move it by
// hand; the job queue and HTTP deadlines keep real time. The default is time.Now.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }
