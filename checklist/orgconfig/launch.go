package orgconfig

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// LaunchState is where a repository stands according to its topics or custom properties.
type LaunchState string

// Launch states; NotLaunching is a repository that carries no launch signal.
const (
	NotLaunching LaunchState = ""
	Launching    LaunchState = "launching"
	Launched     LaunchState = "launched"
)

// Launch names the signals that mark a service as launching or launched.
type Launch struct {
	// Label is the issue and pull-request label that asks for a launch; "" keeps the app's setting.
	Label string
	// Topics are repository topics; either list may be empty.
	Topics TopicSignal
	// Property is a custom property; nil when none is configured.
	Property *PropertySignal
	// TierProperty names a custom property whose value sets the service tier; "" for none.
	TierProperty string
}

// TopicSignal lists the topics that mean launching and launched.
type TopicSignal struct {
	Launching []string
	Launched  []string
}

// PropertySignal is a custom property and the values that mean launching and launched.
type PropertySignal struct {
	Name      string
	Launching []string
	Launched  []string
}

type rawLaunch struct {
	Label        string    `yaml:"label"`
	Topics       yaml.Node `yaml:"topics"`
	Property     yaml.Node `yaml:"property"`
	TierProperty string    `yaml:"tierProperty"`
}

type rawTopics struct {
	Launching yaml.Node `yaml:"launching"`
	Launched  yaml.Node `yaml:"launched"`
}

type rawProperty struct {
	Name      string    `yaml:"name"`
	Launching yaml.Node `yaml:"launching"`
	Launched  yaml.Node `yaml:"launched"`
}

func (p *parser) launch(r rawLaunch, n *yaml.Node) Launch {
	out := Launch{Label: r.Label, TierProperty: r.TierProperty}
	if r.Topics.Kind != 0 {
		var t rawTopics
		p.decode(&r.Topics, &t)
		out.Topics = TopicSignal{Launching: p.strings(&t.Launching, "launch.topics.launching"), Launched: p.strings(&t.Launched, "launch.topics.launched")}
	}
	if r.Property.Kind != 0 {
		var pr rawProperty
		p.decode(&r.Property, &pr)
		if pr.Name == "" {
			p.fail(&r.Property, "launch.property.name is required")
		}
		out.Property = &PropertySignal{Name: pr.Name,
			Launching: p.strings(&pr.Launching, "launch.property.launching"), Launched: p.strings(&pr.Launched, "launch.property.launched")}
	}
	p.noOverlap(n, out)
	return out
}

// noOverlap rejects a value that would mean both launching and launched.
func (p *parser) noOverlap(n *yaml.Node, l Launch) {
	for _, t := range l.Topics.Launching {
		if containsFold(l.Topics.Launched, t) {
			p.fail(n, "launch.topics: %q cannot mean both launching and launched", t)
		}
	}
	if l.Property != nil {
		for _, v := range l.Property.Launching {
			if slices.Contains(l.Property.Launched, v) {
				p.fail(n, "launch.property: %q cannot mean both launching and launched", v)
			}
		}
	}
}

// FromTopics is the state a repository's topics signal: launched beats launching.
func (l Launch) FromTopics(topics []string) (LaunchState, string) {
	for _, t := range topics {
		if containsFold(l.Topics.Launched, t) {
			return Launched, t
		}
	}
	for _, t := range topics {
		if containsFold(l.Topics.Launching, t) {
			return Launching, t
		}
	}
	return NotLaunching, ""
}

// FromProperties is the state the launch property signals, given a repository's custom
// property values, and the value that signals it.
func (l Launch) FromProperties(values map[string]string) (LaunchState, string) {
	if l.Property == nil {
		return NotLaunching, ""
	}
	v, ok := values[l.Property.Name]
	switch {
	case !ok:
		return NotLaunching, ""
	case slices.Contains(l.Property.Launched, v):
		return Launched, v
	case slices.Contains(l.Property.Launching, v):
		return Launching, v
	}
	return NotLaunching, ""
}

// Tier is the tier the tier property sets, or "" when none is configured or set.
func (l Launch) Tier(values map[string]string) string {
	if l.TierProperty == "" {
		return ""
	}
	return values[l.TierProperty]
}

// containsFold reports whether list holds s, ignoring case: GitHub topics are lower case.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(v string) bool { return strings.EqualFold(v, s) })
}
