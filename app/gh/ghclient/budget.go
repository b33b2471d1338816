package ghclient

import "time"

// DefaultBudgetShare is the share of an installation's hourly limit kept for event-driven work:
// below it, Clients.Low tells background work to wait for the window to reset.
const DefaultBudgetShare = 0.10

// WithBudgetFloor keeps at least floor requests of each installation's limit for event-driven
// work, or DefaultBudgetShare of the limit when that is more (see Clients.Low).
func WithBudgetFloor(floor int) Option { return func(s *settings) { s.budgetFloor = max(floor, 0) } }

// Low reports whether an installation's remaining rate limit, as GitHub last told it, is below
// what is kept for event-driven work, and until when: background work (resync, backfill) should
// yield until then. An installation not asked about yet is not low.
func (cs *Clients) Low(installationID int64) (until time.Time, low bool) {
	b, ok := cs.Budget(installationID)
	if !ok || !cs.set.now().Before(b.Reset) {
		return time.Time{}, false
	}
	floor := max(cs.set.budgetFloor, int(float64(b.Limit)*DefaultBudgetShare))
	return b.Reset, b.Remaining < floor
}
