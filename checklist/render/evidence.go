package render

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist"
)

// maxLinks bounds the links kept from one task-list line.
const maxLinks = 8

// linkRE finds http and https addresses in the text people write: bare, in <autolinks> and as
// the target of [text](address).
var linkRE = regexp.MustCompile("https?://[^\\s<>\\[\\]()\"'`]+")

// lineLinks returns the web addresses on a line, outside prc's markers, in order.
func lineLinks(line string) []string {
	line = itemRE.ReplaceAllString(line, " ")
	var out []string
	for _, m := range linkRE.FindAllString(line, -1) {
		m = strings.TrimRight(m, ".,;:!?*_~")
		if u, err := url.Parse(m); err != nil || u.Host == "" {
			continue
		}
		out = append(out, m)
		if len(out) == maxLinks {
			break
		}
	}
	return out
}

// Tick is what the box of a manual item in an issue body amounts to.
type Tick int

// The outcomes of JudgeTick.
const (
	// TickNone: the box is not ticked, the line is no longer a task-list item, or the item is
	// automatic (ticking those has no effect).
	TickNone Tick = iota
	// TickAccepted: the tick counts.
	TickAccepted
	// TickNeedsEvidence: the item has `evidence: required` and the ticked line carries no link.
	TickNeedsEvidence
)

// String names the outcome for logs and tests.
func (t Tick) String() string {
	switch t {
	case TickAccepted:
		return "accepted"
	case TickNeedsEvidence:
		return "needs evidence"
	}
	return "none"
}

// JudgeTick decides whether the ticked box p of manual item it counts. An item that requires
// evidence counts only when its line carries a link; link is the first one, and a link that is
// part of the item's own title does not count.
func JudgeTick(it *checklist.Item, p ParsedItem) (t Tick, link string) {
	if it == nil || it.Kind != checklist.KindManual || !p.Box || !p.Checked {
		return TickNone, ""
	}
	for _, l := range p.Links {
		if !strings.Contains(it.Title, l) {
			link = l
			break
		}
	}
	if it.EvidenceRequired && link == "" {
		return TickNeedsEvidence, ""
	}
	return TickAccepted, link
}
