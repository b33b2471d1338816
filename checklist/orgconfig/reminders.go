package orgconfig

import (
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

var weekdayNames = map[string]time.Weekday{}

func init() {
	for d := time.Sunday; d <= time.Saturday; d++ {
		long := strings.ToLower(d.String())
		weekdayNames[long] = d
		weekdayNames[long[:3]] = d
	}
}

func (p *parser) weekdays(n *yaml.Node) []time.Weekday {
	var out []time.Weekday
	for i, name := range p.strings(n, "reminders.quietDays") {
		d, ok := weekdayNames[strings.ToLower(name)]
		if !ok {
			p.fail(elem(n, i), "reminders.quietDays: %q is not a day; use mon, tue, wed, thu, fri, sat or sun", name)
			continue
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) == 7 {
		p.fail(n, "reminders.quietDays: every day is quiet, so no reminder could ever be sent")
	}
	return out
}

// elem is the i-th item of a sequence node, or n itself for a scalar.
func elem(n *yaml.Node, i int) *yaml.Node {
	if n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i]
	}
	return n
}

// Due is when a reminder for an issue whose last progress was at since falls due: one period
// later, moved to the start of the next day that is not quiet in the reminders' time zone.
func (r Reminders) Due(since time.Time) time.Time {
	return r.NextAllowed(since.Add(r.Every))
}

// NextAllowed is t, or the start of the first following day that is not quiet.
func (r Reminders) NextAllowed(t time.Time) time.Time {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc)
	for i := 0; i < 7 && r.Quiet(local); i++ {
		y, m, d := local.Date()
		local = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	return local
}

// Quiet reports whether t falls on a quiet day in the reminders' time zone.
func (r Reminders) Quiet(t time.Time) bool {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	return slices.Contains(r.QuietDays, t.In(loc).Weekday())
}
