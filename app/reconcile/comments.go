package reconcile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/verdict"
)

// rebuiltComment explains why the app rewrote a body whose markers were deleted.
func rebuiltComment(sr checklist.ServiceReport) string {
	kept := 0
	for _, r := range sr.Items {
		if r.Status == verdict.Done {
			kept++
		}
	}
	return fmt.Sprintf("The hidden prc markers were removed from this issue, so prc rebuilt its body from the checklist. "+
		"%d ticked manual item(s) were kept. Please edit only the boxes of manual items.", kept)
}

// migrationComment lists what changed between the checklist version an issue was rendered from and
// the current one. Ticks carry over by item id.
func migrationComment(old render.Parsed, c *checklist.Checklist, version string) string {
	before := map[string]bool{}
	for _, it := range old.Items {
		before[it.ID] = true
	}
	var added, removed []string
	for _, it := range c.Items() {
		if !before[it.ID] {
			added = append(added, it.ID)
		}
		delete(before, it.ID)
	}
	for id := range before {
		removed = append(removed, id)
	}
	sort.Strings(removed)
	var b strings.Builder
	fmt.Fprintf(&b, "The checklist changed from version %s to version %s. Ticks were kept for items that remain.\n", old.Meta.Version, version)
	if len(added) > 0 {
		fmt.Fprintf(&b, "\n**New items:**\n%s", bulletList(added))
	}
	if len(removed) > 0 {
		fmt.Fprintf(&b, "\n**Removed items:**\n%s", bulletList(removed))
	}
	return b.String()
}

// missingItems lists the required items that keep a service from launching, with their titles.
func missingItems(sr checklist.ServiceReport) string {
	var b strings.Builder
	for _, r := range sr.Items {
		if r.Blocking() {
			fmt.Fprintf(&b, "- `%s` %s (%s)\n", r.ID, r.Title, r.Status)
		}
	}
	return b.String()
}
