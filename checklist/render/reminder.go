package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/owners"
)

// ReminderMarker starts every reminder comment, so that people and tools can tell them apart.
const ReminderMarker = "<!-- prc:reminder -->"

// Reminder is a ping on a PRC issue that made no progress for a while.
type Reminder struct {
	// Owners are the handles to mention; any that is not a plain GitHub handle is left out.
	Owners []string
	// Service is the service's current results; its blocking items are listed.
	Service checklist.ServiceReport
	// Quiet is how long the issue has gone without progress.
	Quiet time.Duration
}

// ReminderComment pings the owners of a service whose checklist has not moved, listing what
// is still missing. The owners' mentions are the only text written unescaped, and only once
// each is known to be a plain handle.
func ReminderComment(r Reminder) string {
	var b strings.Builder
	b.WriteString(ReminderMarker + "\n")
	var mentions []string
	for _, h := range r.Owners {
		if owners.ValidHandle(h) {
			mentions = append(mentions, h)
		}
	}
	lead := "The"
	if len(mentions) > 0 {
		lead = strings.Join(mentions, " ") + ": the"
	}
	fmt.Fprintf(&b, "%s production readiness checklist of **%s** has made no progress for %s.", lead, mdText(r.Service.Name), HumanDuration(r.Quiet))
	var open []checklist.Result
	for _, it := range r.Service.Items {
		if it.Blocking() {
			open = append(open, it)
		}
	}
	if len(open) > 0 {
		fmt.Fprintf(&b, " Still missing:\n\n")
		for _, it := range open {
			fmt.Fprintf(&b, "- %s %s (%s)\n", checkCode(it.ID), mdText(it.Title), it.Status)
		}
	} else {
		b.WriteString("\n")
	}
	b.WriteString("\nTicking an item or fixing one restarts the clock; launching the service or closing this issue stops the reminders.\n")
	if len(mentions) == 0 {
		b.WriteString("No owner was found: add a CODEOWNERS rule for this service's path, or spec.owner to its catalog-info.yaml.\n")
	}
	return boundComment(b.String())
}

// HumanDuration writes d in whole days, hours, minutes and seconds, such as 7d or 1h30m.
func HumanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}
