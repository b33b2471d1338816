package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
)

const listUsage = `Usage: prc list [--checklist FILE]

Lists the items of the checklist (the built-in one by default): id, the tiers that require it,
kind and title.
`

func runList(args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("prc list", listUsage, stdout, stderr)
	file := cmd.fs.String("checklist", "", "checklist `file` (default: the built-in checklist)")
	pos, code, ok := cmd.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return cmd.usageError("unexpected argument %q", pos[0])
	}
	c, err := loadChecklist(*file)
	if err != nil {
		printError(stderr, "prc list", err)
		return exitUsage
	}
	return printItems(stdout, stderr, c)
}

func printItems(stdout, stderr io.Writer, c *checklist.Checklist) int {
	out := &output{w: stdout}
	out.printf("Checklist %s version %s\n\n", render.TermSafe(c.Name), render.TermSafe(c.Version))
	// tw writes only to out, which keeps the first error for finish.
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "ID\tTIERS\tKIND\tTITLE")
	for _, it := range c.Items() {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.ID, tierList(it.Tiers), it.Kind, render.TermSafe(it.Title))
	}
	_ = tw.Flush()
	return out.finish(exitOK, stderr, "prc list")
}

func tierList(tiers []checklist.Tier) string {
	names := make([]string, len(tiers))
	for i, t := range tiers {
		names[i] = string(t)
	}
	return strings.Join(names, ",")
}
