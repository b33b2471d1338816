package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/prchq/prc/checklist/render"
)

// maxListed bounds the services listed under one campaign heading.
const maxListed = 20

// Marker starts every report body, so that report issues can be told from others.
const Marker = "<!-- prc:report "

var markerRE = regexp.MustCompile(`<!-- prc:report (\{.*\}) -->`)

// markerData is what the marker records: whose report it is, as of when, and, for a posted
// report, its number in the organisation's series.
type markerData struct {
	Org string `json:"org"`
	Now string `json:"now"`
	N   int    `json:"n,omitempty"`
}

// IsReport reports whether an issue body is a report's.
func IsReport(body string) bool { return markerRE.MatchString(body) }

// readMarker reads a report body's marker; ok is false for another body.
func readMarker(body string) (markerData, bool) {
	var m markerData
	sub := markerRE.FindStringSubmatch(body)
	return m, sub != nil && json.Unmarshal([]byte(sub[1]), &m) == nil
}

// Title is the title of the report issue posted at now.
func (d *Digest) Title() string {
	return "Production readiness report " + d.Now.In(d.Location).Format(time.DateOnly)
}

// Markdown writes the digest: every name and text that came from a repository or GitHub is
// escaped by the issue bodies' escaper.
func (d *Digest) Markdown(w io.Writer) error {
	var b strings.Builder
	meta, _ := json.Marshal(markerData{Org: strings.ToLower(d.Org), Now: d.Now.Format(time.RFC3339), N: d.Number})
	fmt.Fprintf(&b, "%s%s -->\n# Production readiness report", Marker, meta)
	if d.Org != "" {
		b.WriteString(": " + render.InlineText(d.Org))
	}
	fmt.Fprintf(&b, "\n\nFrom %s to %s · %s\n", d.date(d.Since), d.date(d.Now), services(d.Services))
	d.readinessTable(&b, "Readiness by tier", "Tier", d.Tiers)
	d.readinessTable(&b, "Readiness by owner team", "Team", d.Teams)
	d.launches(&b)
	d.regressions(&b)
	d.waivers(&b)
	d.campaigns(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func services(n int) string {
	if n == 1 {
		return "1 service"
	}
	return fmt.Sprintf("%d services", n)
}

func (d *Digest) date(t time.Time) string { return t.In(d.Location).Format(time.DateOnly) }

func (d *Digest) readinessTable(b *strings.Builder, title, col string, rows []Readiness) {
	fmt.Fprintf(b, "\n## %s\n\n", title)
	if len(rows) == 0 {
		b.WriteString("_No services evaluated._\n")
		return
	}
	fmt.Fprintf(b, "| %s | Services | Ready | Required items satisfied |\n| --- | ---: | ---: | ---: |\n", col)
	for _, r := range rows {
		fmt.Fprintf(b, "| %s | %d | %d | %s (%d/%d) |\n", render.InlineCode(r.Name), r.Services, r.Ready, percent(r.Satisfied, r.Required), r.Satisfied, r.Required)
	}
}

func percent(n, of int) string {
	if of == 0 {
		return "100%"
	}
	return fmt.Sprintf("%d%%", n*100/of)
}

func ref(r ServiceRef) string {
	return render.InlineCode(r.Owner+"/"+r.Repo) + " " + render.InlineCode(r.Service)
}

func (d *Digest) launches(b *strings.Builder) {
	b.WriteString("\n## Launches\n\n")
	if len(d.Launches) == 0 {
		b.WriteString("_None in this period._\n")
	}
	for _, l := range d.Launches {
		fmt.Fprintf(b, "- %s · %s by %s, checklist version %s, via %s %s\n", d.date(l.At),
			ref(ServiceRef{Owner: l.Owner, Repo: l.Repo, Service: l.Service}), render.InlineText(l.User),
			render.InlineText(l.ChecklistVersion), strings.ReplaceAll(l.Source, "_", " "), render.InlineCode(fmt.Sprintf("%s/%s#%d", l.Owner, l.Repo, l.Number)))
	}
}

func (d *Digest) regressions(b *strings.Builder) {
	b.WriteString("\n## Regressions\n\n")
	if len(d.Regressions) == 0 {
		b.WriteString("_None in this period._\n")
	}
	for _, r := range d.Regressions {
		state := "still regressed"
		if !r.RecoveredAt.IsZero() {
			state = "recovered " + d.date(r.RecoveredAt)
		}
		fmt.Fprintf(b, "- %s · %s · %s at %s, %s\n", d.date(r.At), ref(r.ServiceRef), render.InlineCode(r.Item), render.InlineCode(short(r.Commit)), state)
	}
}

func short(sha string) string { return sha[:min(len(sha), 12)] }

func (d *Digest) waivers(b *strings.Builder) {
	b.WriteString("\n## Waivers expiring within 30 days\n\n")
	if len(d.Waivers) == 0 {
		b.WriteString("_None._\n")
	}
	for _, w := range d.Waivers {
		fmt.Fprintf(b, "- %s · %s · %s, approved by %s: %s\n", render.InlineText(w.Expires), ref(w.ServiceRef), render.InlineCode(w.Item),
			render.InlineText(w.ApprovedBy), render.InlineText(w.Reason))
	}
}

func (d *Digest) campaigns(b *strings.Builder) {
	b.WriteString("\n## Campaigns\n")
	if len(d.Campaigns) == 0 {
		b.WriteString("\n_No campaigns._\n")
	}
	for _, c := range d.Campaigns {
		fmt.Fprintf(b, "\n### %s · due %s\n\n%d of %s done (%s)", render.InlineCode(c.ID), c.Deadline, c.Done, services(c.Total), percent(c.Done, c.Total))
		if len(c.Items) > 0 {
			codes := make([]string, len(c.Items))
			for i, it := range c.Items {
				codes[i] = render.InlineCode(it)
			}
			b.WriteString(" · items " + strings.Join(codes, ", "))
		}
		if c.ChecklistVersion != "" {
			b.WriteString(" · checklist version " + render.InlineText(c.ChecklistVersion))
		}
		b.WriteString(".\n")
		list(b, "Overdue", c.Overdue)
		list(b, "Not done yet", c.Pending)
	}
}

func list(b *strings.Builder, title string, refs []ServiceRef) {
	if len(refs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s:\n", title)
	for i, r := range refs {
		if i == maxListed {
			fmt.Fprintf(b, "- … and %d more\n", len(refs)-maxListed)
			break
		}
		b.WriteString("- " + ref(r) + "\n")
	}
}
