package main

import (
	"io"
	"strings"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/render"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

const explainUsage = `Usage: prc explain ID [--checklist FILE]

Explains a checklist item: why it matters, how prc verifies it, and how to fix it.
"prc list" shows the ids.
`

func runExplain(args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("prc explain", explainUsage, stdout, stderr)
	file := cmd.fs.String("checklist", "", "checklist `file` (default: the built-in checklist)")
	pos, code, ok := cmd.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return cmd.usageError("want one item id, got %d", len(pos))
	}
	c, data, err := readChecklist(*file)
	if err != nil {
		printError(stderr, "prc explain", err)
		return exitUsage
	}
	it, ok := c.Item(pos[0])
	if !ok {
		diag(stderr, "prc explain: checklist %s has no item %q (prc list shows the ids)\n", c.Name, render.TermSafe(pos[0]))
		return exitUsage
	}
	out := &output{w: stdout}
	explainItem(out, c, it, checkNode(definedIn(c, it, data), it.ID))
	return out.finish(exitOK, stderr, "prc explain")
}

func explainItem(out *output, c *checklist.Checklist, it *checklist.Item, check *yaml.Node) {
	safe := render.TermSafe
	out.printf("%s: %s\n", it.ID, safe(it.Title))
	out.printf("section %s · %s · required for %s · checklist %s version %s\n", safe(sectionTitle(c, it.Section)), it.Kind, strings.ReplaceAll(tierList(it.Tiers), ",", ", "), safe(c.Name), safe(c.Version))
	if from := itemOrigin(c, it); from != "" {
		out.printf("%s\n", safe(from))
	}
	if it.Description != "" {
		out.printf("\nWhy it matters:\n  %s\n", safe(it.Description))
	}
	out.print("\nHow it is verified:\n")
	switch {
	case it.Kind == checklist.KindManual && it.EvidenceRequired:
		out.print("  By people: tick the item in the PRC issue once it is done, with a link to its evidence on the same line.\n")
	case it.Kind == checklist.KindManual || check == nil:
		out.print("  By people: tick the item in the PRC issue once it is done.\n")
	default:
		for _, line := range describeCheck(check) {
			out.printf("  %s\n", safe(line))
		}
	}
	if it.Hint != "" {
		out.printf("\nHow to fix it:\n  %s\n", safe(it.Hint))
	}
}

// definedIn is the text of the checklist that defines it: the built-in version an extending
// checklist inherited it from, else the checklist's own text.
func definedIn(c *checklist.Checklist, it *checklist.Item, data []byte) []byte {
	version, ok := strings.CutPrefix(it.Origin, checklist.BuiltinPrefix)
	if c.Base == "" || !ok {
		return data
	}
	base, err := checklist.BuiltinYAML(version)
	if err != nil {
		return data
	}
	return base
}

// itemOrigin says where an extending checklist's item comes from; "" for other checklists.
func itemOrigin(c *checklist.Checklist, it *checklist.Item) string {
	switch {
	case c.Base == "":
		return ""
	case it.Origin != c.Base:
		return "added by " + c.Name
	case it.TiersFrom != "":
		return "inherited from " + c.Base + ", tiers set by " + c.Name
	}
	return "inherited from " + c.Base
}

func sectionTitle(c *checklist.Checklist, id string) string {
	for _, s := range c.Sections {
		if s.ID == id {
			return s.Title
		}
	}
	return id
}

// checkNode finds the check of the item id in a parsed checklist's text.
func checkNode(data []byte, id string) *yaml.Node {
	root, err := yamlx.Parse("", data)
	if err != nil {
		return nil
	}
	for _, sec := range seq(yamlx.Get(root, "sections")) {
		for _, it := range seq(yamlx.Get(sec, "items")) {
			if v := yamlx.Get(it, "id"); v != nil && v.Value == id {
				return yamlx.Get(it, "check")
			}
		}
	}
	return nil
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
