package render

import (
	"regexp"
	"time"
)

// dueRE finds the due date the issue template writes on an item's line.
var dueRE = regexp.MustCompile(` · due (\d{4}-\d{2}-\d{2})\b`)

// due is the day item id is due, as the issue shows it; "" when no campaign asks for it.
func (o Options) due(id string) string {
	d, ok := o.Due[id]
	if !ok {
		return ""
	}
	return d.UTC().Format(time.DateOnly)
}

// lineDue is the due date on a task-list line: the last one before its item marker, since the
// item's title, which comes first, is repository text that may say anything.
func lineDue(line string) string {
	if loc := itemRE.FindStringIndex(line); loc != nil {
		line = line[:loc[0]]
	}
	all := dueRE.FindAllStringSubmatch(line, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1][1]
}
