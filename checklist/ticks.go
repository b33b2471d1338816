package checklist

import "github.com/prchq/prc/checklist/verdict"

// ApplyTickLinks marks each done manual item with the link recorded with its tick, links[id],
// and marks a done item that asks for evidence but was ticked without a link as ticked before
// the rule: such a tick predates `evidence: required`, since a tick without a link is refused
// once the item asks for one, and it stays accepted. Items that are not done lose both marks.
func (s *ServiceReport) ApplyTickLinks(links map[string]string) {
	for i := range s.Items {
		r := &s.Items[i]
		r.Link, r.TickedBeforeEvidence = "", false
		if r.Kind != KindManual || r.Status != verdict.Done {
			continue
		}
		r.Link = links[r.ID]
		r.TickedBeforeEvidence = r.EvidenceRequired && r.Link == ""
	}
}
