package render

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// loginRE is the shape of a GitHub login; only such a login is mentioned.
var loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)

// mention addresses a comment to login, or to nobody when login is not a GitHub login.
func mention(login string) string {
	if !loginRE.MatchString(login) {
		return ""
	}
	return "@" + login + " "
}

// moreComment ends a comment that was cut to stay within MaxComment.
const moreComment = "\n… more in the PRC issue.\n"

// boundComment cuts a comment at a line boundary so that it stays within MaxComment.
func boundComment(s string) string {
	if len(s) <= MaxComment {
		return s
	}
	w := &boundedLines{max: MaxComment - len(moreComment)}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		w.line(l)
	}
	return w.b.String() + moreComment
}

// LaunchRefusal is a launch label prc took off because services are not ready.
type LaunchRefusal struct {
	// Sender added the label.
	Sender string
	Label  string
	// Services are the services that are not ready, with their results.
	Services []checklist.ServiceReport
}

// LaunchRefusedComment tells the person who added the launch label why prc removed it: every
// required item still missing, per service.
func LaunchRefusedComment(l LaunchRefusal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sprc removed the %s label: the production readiness checklist is not complete yet.\n",
		mention(l.Sender), checkCode(l.Label))
	writeMissing(&b, l.Services)
	return boundComment(b.String())
}

// writeMissing lists every required item still missing, per service.
func writeMissing(b *strings.Builder, services []checklist.ServiceReport) {
	for _, s := range services {
		fmt.Fprintf(b, "\n**%s**\n", mdText(s.Name))
		for _, r := range s.Items {
			if r.Blocking() {
				fmt.Fprintf(b, "- `%s` %s (%s)\n", r.ID, mdText(r.Title), r.Status)
			}
		}
	}
}

// RebuiltComment explains why prc rewrote a body whose markers were deleted.
func RebuiltComment(s checklist.ServiceReport) string {
	kept := 0
	for _, r := range s.Items {
		if r.Status == verdict.Done {
			kept++
		}
	}
	return fmt.Sprintf("The hidden prc markers were removed from this issue, so prc rebuilt its body from the checklist. "+
		"%d ticked manual item(s) were kept. Please edit only the boxes of manual items.", kept)
}

// MigrationComment lists what changed between the checklist an issue was rendered from, old,
// and c at version. Ticks carry over by item id.
func MigrationComment(old Parsed, c *checklist.Checklist, version string) string {
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
	fmt.Fprintf(&b, "The checklist changed from version %s to version %s. Ticks were kept for items that remain.\n",
		mdText(old.Meta.Version), mdText(version))
	if len(added) > 0 {
		fmt.Fprintf(&b, "\n**New items:**\n%s", bulletList(added))
	}
	if len(removed) > 0 {
		fmt.Fprintf(&b, "\n**Removed items:**\n%s", bulletList(removed))
	}
	b.WriteString(predatesList(ticksBeforeEvidence(old, c)))
	return boundComment(b.String())
}

// AutoRevertedComment tells sender that prc put back the boxes of auto items ids.
func AutoRevertedComment(sender string, ids []string) string {
	return boundComment(fmt.Sprintf("%sthese items are verified automatically from the repository, so prc put their boxes back:\n%s",
		mention(sender), bulletList(ids)))
}

// TicksRevertedComment tells sender, who may not write to repo, that prc reverted their ticks of ids.
func TicksRevertedComment(sender, repo string, ids []string) string {
	return boundComment(fmt.Sprintf("%sonly people with write, maintain or admin access to %s can tick manual items, so prc reverted:\n%s",
		mention(sender), mdText(repo), bulletList(ids)))
}

// checkCode is repository text as a code span of a check run or comment.
func checkCode(s string) string { return defuseLinks(mdCode(s)) }

func bulletList(ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "- %s\n", checkCode(id))
	}
	return b.String()
}
