package orgconfig

import (
	"regexp"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// Campaign is an organisation-wide push to get some items done, or a checklist version adopted,
// by a deadline, for the services its selectors match.
type Campaign struct {
	ID    string
	Items []string
	// Tiers and Topics select services; an empty selector matches every service.
	Tiers  []string
	Topics []string
	// ChecklistVersion, when set, asks the services to be on that checklist version.
	ChecklistVersion string
	// Deadline is the campaign's last day, at midnight UTC of that date.
	Deadline time.Time
}

type rawCampaign struct {
	ID               string    `yaml:"id"`
	Items            yaml.Node `yaml:"items"`
	Tiers            yaml.Node `yaml:"tiers"`
	Topics           yaml.Node `yaml:"topics"`
	ChecklistVersion string    `yaml:"checklistVersion"`
	Deadline         yaml.Node `yaml:"deadline"`
}

var campaignIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (p *parser) campaigns(raws []rawCampaign, n *yaml.Node) []Campaign {
	var out []Campaign
	seen := map[string]bool{}
	for i, r := range raws {
		at := elem(n, i)
		c := Campaign{ID: r.ID, Items: p.strings(&r.Items, "campaigns.items"), Tiers: p.strings(&r.Tiers, "campaigns.tiers"),
			Topics: p.strings(&r.Topics, "campaigns.topics"), ChecklistVersion: r.ChecklistVersion}
		switch {
		case !campaignIDRE.MatchString(r.ID):
			p.fail(at, "campaigns: id %q must be letters, digits, '.', '_' or '-'", r.ID)
		case seen[r.ID]:
			p.fail(at, "campaigns: id %q is used twice", r.ID)
		case len(c.Items) == 0 && c.ChecklistVersion == "":
			p.fail(at, "campaign %s names neither items nor a checklistVersion", r.ID)
		}
		seen[r.ID] = true
		c.Deadline = p.date(&r.Deadline, at, r.ID)
		out = append(out, c)
	}
	return out
}

func (p *parser) date(n, parent *yaml.Node, id string) time.Time {
	if n.Kind == 0 {
		p.fail(parent, "campaign %s: deadline is required, as YYYY-MM-DD", id)
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		p.fail(n, "campaign %s: deadline %q is not a date; want YYYY-MM-DD", id, n.Value)
	}
	return d
}

// Applies reports whether the campaign covers a service of this tier whose repository has
// these topics: every selector the campaign names must match.
func (c Campaign) Applies(tier string, topics []string) bool {
	if len(c.Tiers) > 0 && !slices.Contains(c.Tiers, tier) {
		return false
	}
	if len(c.Topics) > 0 && !slices.ContainsFunc(c.Topics, func(t string) bool { return containsFold(topics, t) }) {
		return false
	}
	return true
}

// Covers reports whether the campaign is about item.
func (c Campaign) Covers(item string) bool { return slices.Contains(c.Items, item) }

// Overdue reports whether the deadline day has passed at now.
func (c Campaign) Overdue(now time.Time) bool { return !now.Before(c.Deadline.AddDate(0, 0, 1)) }
