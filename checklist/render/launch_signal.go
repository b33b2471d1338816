package render

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist"
)

// LaunchNote is a recorded launch as the issue body shows it.
type LaunchNote struct {
	// Via names the signal, such as "topic production", "property lifecycle=production" or
	// "label launch".
	Via string `json:"via"`
	// Incomplete marks a launch made while required items were missing.
	Incomplete bool `json:"incomplete,omitempty"`
	// By is who launched and On the day, YYYY-MM-DD; either may be "".
	By string `json:"by,omitempty"`
	On string `json:"on,omitempty"`
}

// Status is the launch line's words: "Launched (via topic production)" or
// "Launched while incomplete (via property lifecycle=production)".
func (l LaunchNote) Status() string {
	s := "Launched"
	if l.Incomplete {
		s += " while incomplete"
	}
	if l.Via != "" {
		s += " (via " + l.Via + ")"
	}
	return s
}

// SignalLaunch is a launch signalled by a repository topic or custom property while services
// were not ready.
type SignalLaunch struct {
	// Sender changed the topic or property; "" when unknown.
	Sender string
	// Via names the signal, as in LaunchNote.
	Via string
	// Services are the services that are not ready, with their results.
	Services []checklist.ServiceReport
}

// PropertyRevertedComment tells the person who set the launch property why prc set it back to
// previous: every required item still missing, per service. previous "" means unset.
func PropertyRevertedComment(l SignalLaunch, property, previous string) string {
	var b strings.Builder
	back := "unset custom property " + checkCode(property)
	if previous != "" {
		back = "set custom property " + checkCode(property) + " back to " + checkCode(previous)
	}
	fmt.Fprintf(&b, "%sprc %s: a launch (via %s) needs a complete production readiness checklist. These required items are missing:\n",
		mention(l.Sender), back, mdText(l.Via))
	writeMissing(&b, l.Services)
	return boundComment(b.String())
}

// LaunchedIncompleteComment tells the person who launched by a topic or property that the
// checklist is not complete: prc records the launch as incomplete and lists what is missing.
func LaunchedIncompleteComment(l SignalLaunch) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sthis service was launched (via %s) while the production readiness checklist is not complete. "+
		"prc recorded it as launched while incomplete; these required items are missing:\n", mention(l.Sender), mdText(l.Via))
	writeMissing(&b, l.Services)
	return boundComment(b.String())
}
