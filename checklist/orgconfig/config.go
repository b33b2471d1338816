package orgconfig

import (
	"time"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Onboarding modes.
const (
	OnboardOptIn = "opt-in" // repositories with a .github/prc.yml (the default)
	OnboardAll   = "all"    // every repository of the installation
)

// Config is an organisation's prc settings. The zero value is what an organisation without a
// config file gets.
type Config struct {
	// Onboard is OnboardOptIn or OnboardAll.
	Onboard string
	// Location is the time zone quiet days and report dates are counted in; UTC unless named.
	Location *time.Location
	Launch   Launch
	// Reminders is nil when the organisation sends none.
	Reminders *Reminders
	Campaigns []Campaign
	// Report is nil when no monthly report is posted.
	Report *Report
}

// Reminders say how often a PRC issue without progress is pinged.
type Reminders struct {
	Every     time.Duration
	QuietDays []time.Weekday
	Location  *time.Location
}

// Report says how often the readiness digest is posted as an issue in the `.github` repository.
type Report struct {
	Every time.Duration
}

// raw mirrors the file; values that need checking are kept as nodes so errors carry positions.
type raw struct {
	Onboard   string        `yaml:"onboard"`
	Timezone  yaml.Node     `yaml:"timezone"`
	Launch    rawLaunch     `yaml:"launch"`
	Reminders *rawReminder  `yaml:"reminders"`
	Campaigns []rawCampaign `yaml:"campaigns"`
	Report    *rawReport    `yaml:"report"`
}

type rawReminder struct {
	Every     yaml.Node `yaml:"every"`
	QuietDays yaml.Node `yaml:"quietDays"`
	Timezone  yaml.Node `yaml:"timezone"`
}

type rawReport struct {
	Every yaml.Node `yaml:"every"`
}

// Defaults is what an organisation without a config file gets: opt-in onboarding in UTC.
func Defaults() *Config { return &Config{Onboard: OnboardOptIn, Location: time.UTC} }

// Parse reads a config file; errors name file, line and column.
func Parse(file string, data []byte) (*Config, error) {
	root, err := yamlx.Parse(file, data)
	if err != nil {
		return nil, err
	}
	cfg := Defaults()
	if root == nil {
		return cfg, nil
	}
	var r raw
	if err := yamlx.Decode(file, root, &r); err != nil {
		return nil, err
	}
	p := parser{file: file, root: root}
	p.onboard(r.Onboard, cfg)
	cfg.Location = p.location(&r.Timezone, time.UTC)
	cfg.Launch = p.launch(r.Launch, yamlx.Get(root, "launch"))
	cfg.Reminders = p.reminders(r.Reminders, cfg.Location)
	cfg.Campaigns = p.campaigns(r.Campaigns, yamlx.Get(root, "campaigns"))
	cfg.Report = p.report(r.Report)
	if p.err != nil {
		return nil, p.err
	}
	return cfg, nil
}

// parser keeps the first error found while converting the raw file.
type parser struct {
	file string
	root *yaml.Node
	err  error
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	if p.err == nil {
		p.err = yamlx.At(p.file, n, "", format, args...)
	}
}

func (p *parser) onboard(v string, cfg *Config) {
	switch v {
	case "":
	case OnboardOptIn, OnboardAll:
		cfg.Onboard = v
	default:
		p.fail(yamlx.Get(p.root, "onboard"), "onboard must be opt-in or all, got %q", v)
	}
}

func (p *parser) location(n *yaml.Node, fallback *time.Location) *time.Location {
	if n.Kind == 0 || n.Value == "" {
		return fallback
	}
	loc, err := time.LoadLocation(n.Value)
	if err != nil {
		p.fail(n, "timezone %q is not a known IANA time zone, such as Asia/Tokyo", n.Value)
		return fallback
	}
	return loc
}

// duration reads n, the value of key in the mapping parent.
func (p *parser) duration(n, parent *yaml.Node, key string) time.Duration {
	if n.Kind == 0 {
		p.fail(parent, "%s is required", key)
		return 0
	}
	d, err := ParseDuration(n.Value)
	if err != nil {
		p.fail(n, "%s: %v", key, err)
	}
	return d
}

func (p *parser) reminders(r *rawReminder, loc *time.Location) *Reminders {
	if r == nil {
		return nil
	}
	out := &Reminders{Every: p.duration(&r.Every, yamlx.Get(p.root, "reminders"), "reminders.every"), Location: p.location(&r.Timezone, loc)}
	out.QuietDays = p.weekdays(&r.QuietDays)
	return out
}

func (p *parser) report(r *rawReport) *Report {
	if r == nil {
		return nil
	}
	return &Report{Every: p.duration(&r.Every, yamlx.Get(p.root, "report"), "report.every")}
}

// strings reads a scalar or a sequence of scalars.
func (p *parser) strings(n *yaml.Node, key string) []string {
	switch n.Kind {
	case 0:
		return nil
	case yaml.ScalarNode:
		if n.Value == "" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Value == "" {
				p.fail(c, "%s: want a name, got %s", key, describe(c))
				continue
			}
			out = append(out, c.Value)
		}
		return out
	default:
		p.fail(n, "%s: want a name or a list of names, got %s", key, describe(n))
		return nil
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Value == "" {
			return "an empty value"
		}
	}
	return "a value of another kind"
}

// decode decodes a nested node strictly, keeping the first error.
func (p *parser) decode(n *yaml.Node, out any) {
	if err := yamlx.Decode(p.file, n, out); err != nil && p.err == nil {
		p.err = err
	}
}
