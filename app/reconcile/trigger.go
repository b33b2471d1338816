package reconcile

import "context"

// Trigger is what the event that asked for a reconcile said about the launch signals: who
// changed them, and the custom property values before the change. Reconcile reads the current
// topics and values itself; the trigger only names the person and the previous values.
type Trigger struct {
	Sender string
	// OldProperties are the event's old custom property values; "" for one that was unset.
	OldProperties map[string]string
}

type triggerKey struct{}

// WithTrigger carries the event's trigger into the reconcile run by ctx.
func WithTrigger(ctx context.Context, t Trigger) context.Context {
	return context.WithValue(ctx, triggerKey{}, t)
}

func triggerOf(ctx context.Context) Trigger {
	t, _ := ctx.Value(triggerKey{}).(Trigger)
	return t
}
