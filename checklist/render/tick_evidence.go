package render

import (
	"fmt"
	"net/url"

	"github.com/prchq/prc/checklist"
)

// maxShownLink bounds the length of an evidence link written into an issue body.
const maxShownLink = 2000

// mdLink renders an evidence link recorded with a tick as an autolink, `<https://…>`, when it is
// one address of the shape lineLinks finds; anything else is escaped text, never a link.
func mdLink(u string) string {
	if len(u) > maxShownLink || linkRE.FindString(u) != u {
		return mdCode(u)
	}
	if p, err := url.Parse(u); err != nil || p.Host == "" {
		return mdCode(u)
	}
	return "<" + u + ">"
}

// EvidenceRequestComment asks sender for a link with their ticks of ids, items whose ticks count
// only with one, and says that prc left their boxes unticked.
func EvidenceRequestComment(sender string, ids []string) string {
	return boundComment(fmt.Sprintf("%sthese items count only with a link to their evidence (a document, report or dashboard), "+
		"so prc left their boxes unticked:\n%s\nTick the box again with the link on the same line, for example "+
		"`- [x] … https://wiki.example.com/capacity-plan`.\n", mention(sender), bulletList(ids)))
}

// predatesList lists, for a migration comment, the ids whose ticks predate their item's
// request for evidence and stay accepted.
func predatesList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return "\n**Ticked before evidence was required** (the ticks stay accepted; new ticks need a link):\n" + bulletList(ids)
}

// ticksBeforeEvidence lists the items of c that ask for evidence and whose boxes were ticked in
// old without a link: ticks from before the rule.
func ticksBeforeEvidence(old Parsed, c *checklist.Checklist) []string {
	var out []string
	for _, p := range old.Items {
		it, ok := c.Item(p.ID)
		if ok && it.Kind == checklist.KindManual && it.EvidenceRequired && p.Checked && len(p.Links) == 0 {
			out = append(out, p.ID)
		}
	}
	return out
}
