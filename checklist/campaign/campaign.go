package campaign

import (
	"time"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
)

// Applies reports whether c covers the service: its selectors match the service's tier and its
// repository's topics, and the service has one of its items or c asks for a checklist version.
func Applies(c orgconfig.Campaign, svc checklist.ServiceReport, topics []string) bool {
	if !c.Applies(string(svc.Tier), topics) {
		return false
	}
	if c.ChecklistVersion != "" {
		return true
	}
	for _, r := range svc.Items {
		if c.Covers(r.ID) {
			return true
		}
	}
	return false
}

// Done reports whether the service, evaluated with checklist version, has done what c asks:
// every campaign item it has is satisfied (passing, not applicable, waived or ticked), and it is
// on c's checklist version when c names one.
func Done(c orgconfig.Campaign, svc checklist.ServiceReport, version string) bool {
	if c.ChecklistVersion != "" && version != c.ChecklistVersion {
		return false
	}
	for _, r := range svc.Items {
		if c.Covers(r.ID) && !r.Status.Satisfied() {
			return false
		}
	}
	return true
}

// Due maps each item of the service that a campaign covering it asks for to the earliest such
// campaign's deadline, for render.Options.Due; nil when no campaign applies.
func Due(cs []orgconfig.Campaign, svc checklist.ServiceReport, topics []string) map[string]time.Time {
	var out map[string]time.Time
	for _, c := range cs {
		if !Applies(c, svc, topics) {
			continue
		}
		for _, r := range svc.Items {
			if !c.Covers(r.ID) {
				continue
			}
			if d, ok := out[r.ID]; !ok || c.Deadline.Before(d) {
				if out == nil {
					out = map[string]time.Time{}
				}
				out[r.ID] = c.Deadline
			}
		}
	}
	return out
}
