package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/prchq/prc/checklist"
)

// Format names an output format.
type Format string

// The output formats.
const (
	FormatText     Format = "text"
	FormatJSON     Format = "json"
	FormatMarkdown Format = "markdown"
	FormatSARIF    Format = "sarif"
)

// Formats lists every format, the default first.
var Formats = []Format{FormatText, FormatJSON, FormatMarkdown, FormatSARIF}

// ParseFormat validates a format name; the empty string is FormatText.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return FormatText, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Options tune rendering. The zero value is usable.
type Options struct {
	// Color adds ANSI colours to text output.
	Color bool
	// SectionTitles maps section ids to titles; a section without one is shown by its id.
	// SectionTitles(checklist) builds it.
	SectionTitles map[string]string
	// MaxLen bounds each Markdown issue body in bytes (a byte count is never below GitHub's
	// character count); zero means DefaultMaxLen.
	MaxLen int
	// IssueTemplate replaces the embedded issue template when set.
	IssueTemplate string
	// FileURL, when set, links evidence in Markdown to the file and line it names.
	FileURL func(path string, line int) string
	// Verbose lists every piece of evidence of passing items in text output, and the other
	// copies of workloads that were judged once; by default a passing item takes one line.
	Verbose bool
	// ToolVersion is prc's version, reported as SARIF's tool.driver.version.
	ToolVersion string
	// Due maps item ids to the day a campaign wants them done by; the issue shows it on the
	// item's line as "due YYYY-MM-DD". checklist/campaign.Due builds it.
	Due map[string]time.Time
	// Launch, when set, says in the issue body that the service launched.
	Launch *LaunchNote
	// Regressed maps the items that broke after the service launched to the commit they broke
	// in; the issue marks their lines.
	Regressed map[string]string
}

// DefaultMaxLen keeps an issue body under GitHub's 65,536-character limit with some room to spare.
const DefaultMaxLen = 65000

// SectionTitles maps each section id of c to its title.
func SectionTitles(c *checklist.Checklist) map[string]string {
	out := make(map[string]string, len(c.Sections))
	for _, s := range c.Sections {
		out[s.ID] = s.Title
	}
	return out
}

func (o Options) sectionTitle(id string) string {
	if t, ok := o.SectionTitles[id]; ok && t != "" {
		return t
	}
	return id
}

// Render writes rep to w in format f.
func Render(w io.Writer, f Format, rep *checklist.Report, opts Options) error {
	switch f {
	case FormatText, "":
		return Text(w, rep, opts)
	case FormatJSON:
		return JSON(w, rep)
	case FormatMarkdown:
		return Markdown(w, rep, opts)
	case FormatSARIF:
		return SARIF(w, rep, opts)
	default:
		return fmt.Errorf("unknown format %q", f)
	}
}

// section is a run of results sharing a section id, in report order.
type section struct {
	ID    string
	Items []checklist.Result
}

// groupSections groups results by section, keeping the order in which sections first appear.
func groupSections(results []checklist.Result) []section {
	var out []section
	index := map[string]int{}
	for _, r := range results {
		i, ok := index[r.Section]
		if !ok {
			i = len(out)
			index[r.Section] = i
			out = append(out, section{ID: r.Section})
		}
		out[i].Items = append(out[i].Items, r)
	}
	return out
}
