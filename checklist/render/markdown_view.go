package render

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// maxSkippedShown bounds the skipped files listed in an issue body.
const maxSkippedShown = 20

// limits say how much evidence an issue body shows. perItem caps each item's lines; keep, when
// not negative, lets only the first keep items in priority order show any.
type limits struct{ perItem, keep int }

var noLimits = limits{perItem: -1, keep: -1}

// itemIDRE is the shape of item ids, which is what an item marker may carry.
var itemIDRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$`)

var markdownStatus = map[verdict.Status]string{
	verdict.Pass: "✅", verdict.Fail: "❌", verdict.NA: "➖", verdict.Waived: "🟡",
	verdict.Error: "⚠️", verdict.Todo: "⬜", verdict.Done: "☑️",
}

type issueView struct {
	Meta, Name, Path, Tier, Checklist, Version, SeeAll string
	// Base is the built-in checklist that Checklist extends, if any; Disabled are the items it removed.
	Base                      string
	Disabled                  []checklist.Disabled
	Summary                   checklist.Summary
	Failing, Todo, Notes      []string
	Sections                  []sectionView
	Skipped                   []repo.Skipped
	SkippedMore, Shown, Total int
	Trimmed                   bool
	// Launch is the launch line, "" before a launch; LaunchBy and LaunchOn may be "".
	Launch, LaunchBy, LaunchOn string
}

type sectionView struct {
	Title string
	Items []itemView
}

type itemView struct {
	ID, Title, Emoji, Status, Hint, Note string
	// From says what an extending checklist did to the item: added it or set its tiers.
	From string
	// Why is the item's description, shown for a failing or erroring item.
	Why                       string
	Checked, Manual, Required bool
	// LinkRequired says that the manual item's tick counts only with a link on its line.
	LinkRequired bool
	// Due is the day, YYYY-MM-DD, a campaign wants the item done by; "" when none does.
	Due string
	// Link is the evidence recorded with the tick; Predates marks a tick from before the item
	// asked for evidence.
	Link     string
	Predates bool
	// Regressed is the short commit since which the item is broken after the launch, or "".
	Regressed string
	Evidence  []verdict.Evidence
	More      int
}

func buildIssueView(rep *checklist.Report, s *checklist.ServiceReport, opts Options, l limits) (*issueView, error) {
	if rep.Checklist.Name == "" || rep.Checklist.Version == "" || s.Name == "" {
		return nil, fmt.Errorf("the meta marker needs a checklist name, a version and a service name")
	}
	meta, err := json.Marshal(Meta{Checklist: rep.Checklist.Name, Version: rep.Checklist.Version, Service: s.Name, Base: rep.Checklist.Base})
	if err != nil {
		return nil, fmt.Errorf("encode meta marker: %w", err)
	}
	v := &issueView{
		Meta: string(meta), Name: s.Name, Path: s.Path, Tier: string(s.Tier),
		Checklist: rep.Checklist.Name, Version: rep.Checklist.Version, Summary: s.Summary,
		Failing: s.Summary.Failing, Todo: manualMissing(s.Summary), Notes: s.Notes,
		SeeAll: "prc check", Base: rep.Checklist.Base, Disabled: rep.Checklist.Disabled,
	}
	if len(rep.Services) > 1 {
		v.SeeAll = "prc check --service " + s.Name
	}
	if l := opts.Launch; l != nil {
		v.Launch, v.LaunchBy, v.LaunchOn = l.Status(), l.By, l.On
	}
	v.Skipped, v.SkippedMore = skippedUnder(rep.Skipped, s.Path)
	keeps := evidenceKeeps(s.Items, l)
	for _, sec := range groupSections(s.Items) {
		sv := sectionView{Title: opts.sectionTitle(sec.ID)}
		for _, r := range sec.Items {
			iv, err := newItemView(r, keeps[r.ID])
			if err != nil {
				return nil, err
			}
			iv.From = itemFrom(rep.Checklist, r)
			iv.Due = opts.due(r.ID)
			iv.Regressed = ShortSHA(opts.Regressed[r.ID])
			v.Total += len(r.Evidence)
			v.Shown += len(iv.Evidence)
			sv.Items = append(sv.Items, iv)
		}
		v.Sections = append(v.Sections, sv)
	}
	v.Trimmed = v.Shown < v.Total
	return v, nil
}

func newItemView(r checklist.Result, keep int) (itemView, error) {
	if !itemIDRE.MatchString(r.ID) {
		return itemView{}, fmt.Errorf("item id %q cannot be written in a marker", r.ID)
	}
	emoji, ok := markdownStatus[r.Status]
	if !ok {
		emoji = "❔"
	}
	iv := itemView{
		ID: r.ID, Title: r.Title, Emoji: emoji, Status: string(r.Status), Note: r.Note,
		Checked: checked(r), Manual: r.Kind == checklist.KindManual, Required: r.Required,
		LinkRequired: r.EvidenceRequired, Link: r.Link, Predates: r.TickedBeforeEvidence,
	}
	if r.Failed() {
		iv.Hint, iv.Why = r.Hint, r.Description
	}
	if keep < 0 || keep > len(r.Evidence) {
		keep = len(r.Evidence)
	}
	iv.Evidence, iv.More = r.Evidence[:keep], len(r.Evidence)-keep
	return iv, nil
}

// itemFrom is the note on an item that an extending checklist added or whose tiers it changed;
// inherited items that it left alone, and items of checklists that extend none, have none.
func itemFrom(c checklist.Info, r checklist.Result) string {
	switch {
	case c.Base == "":
		return ""
	case r.Origin != c.Base:
		return "added by " + c.Name
	case r.TiersFrom != "":
		return "tiers set by " + c.Name
	}
	return ""
}

// checked is the box state prc writes: auto items are ticked when satisfied, manual ones when done.
func checked(r checklist.Result) bool {
	if r.Kind == checklist.KindManual {
		return r.Status == verdict.Done
	}
	return r.Status == verdict.Pass || r.Status == verdict.NA || r.Status == verdict.Waived
}

// evidenceKeeps says how many evidence lines each item may show under l (-1: all).
func evidenceKeeps(items []checklist.Result, l limits) map[string]int {
	keeps := make(map[string]int, len(items))
	for _, it := range items {
		keeps[it.ID] = l.perItem
	}
	if l.keep < 0 {
		return keeps
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return evidenceRank(items[order[a]]) < evidenceRank(items[order[b]]) })
	for n, i := range order {
		if n >= l.keep {
			keeps[items[i].ID] = 0
		}
	}
	return keeps
}

// evidenceRank orders items by how much their evidence matters: blocking failures first.
func evidenceRank(r checklist.Result) int {
	bad := r.Status == verdict.Fail || r.Status == verdict.Error
	switch {
	case bad && r.Required:
		return 0
	case bad:
		return 1
	case r.Status == verdict.Waived:
		return 2
	default:
		return 3
	}
}

// skippedUnder returns the skipped files below dir, at most maxSkippedShown, and how many more.
func skippedUnder(all []repo.Skipped, dir string) ([]repo.Skipped, int) {
	var out []repo.Skipped
	more := 0
	for _, s := range all {
		if dir != "" && dir != "." && !strings.HasPrefix(s.Path, path.Clean(dir)+"/") {
			continue
		}
		if len(out) == maxSkippedShown {
			more++
			continue
		}
		out = append(out, s)
	}
	return out, more
}

func markdownFuncs() template.FuncMap {
	return template.FuncMap{
		"text":     mdText,
		"code":     mdCode,
		"codes":    mdCodes,
		"evidence": mdEvidence,
		"link":     mdLink,
	}
}

func mdCodes(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = mdCode(s)
	}
	return strings.Join(out, ", ")
}

// mdEvidence renders evidence as "`path`:line message".
func mdEvidence(e verdict.Evidence) string { return mdEvidenceLinked(e, nil) }

// mdEvidenceLinked renders evidence, its location linked to fileURL's address when given.
func mdEvidenceLinked(e verdict.Evidence, fileURL func(string, int) string) string {
	var b strings.Builder
	if e.Path != "" {
		loc := mdCode(e.Path)
		if e.Line > 0 {
			loc += ":" + strconv.Itoa(e.Line)
		}
		if fileURL != nil {
			loc = "[" + loc + "](" + fileURL(e.Path, e.Line) + ")"
		}
		b.WriteString(loc + " ")
	}
	b.WriteString(mdText(e.Message))
	return strings.TrimSpace(b.String())
}
