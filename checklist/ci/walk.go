package ci

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// nodeBudget bounds the YAML nodes one file's analysis visits. Aliases let a small document
// describe an exponentially large tree; the budget keeps walking it cheap.
const nodeBudget = 100_000

// walker reads YAML nodes of one file, resolving aliases and merge keys, under a budget.
type walker struct {
	path string
	left int
}

func newWalker(path string) *walker { return &walker{path: path, left: nodeBudget} }

// exhausted reports whether the budget ran out, so results are incomplete.
func (w *walker) exhausted() bool { return w.left <= 0 }

// node resolves aliases and charges the budget; it returns nil when n is nil or the budget is spent.
func (w *walker) node(n *yaml.Node) *yaml.Node {
	for n != nil {
		if w.left <= 0 {
			return nil
		}
		w.left--
		if n.Kind != yaml.AliasNode {
			return n
		}
		n = n.Alias
	}
	return nil
}

// pair is one key and value of a mapping.
type pair struct{ key, value *yaml.Node }

// pairs lists a mapping's entries; entries merged with `<<` come after, and only for keys the
// mapping does not set itself.
func (w *walker) pairs(n *yaml.Node) []pair {
	return w.mergedPairs(n, 0)
}

func (w *walker) mergedPairs(n *yaml.Node, depth int) []pair {
	n = w.node(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	var out, merged []pair
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			merged = append(merged, w.mergeSources(v, depth)...)
			continue
		}
		seen[k.Value] = true
		out = append(out, pair{k, v})
	}
	for _, p := range merged {
		if !seen[p.key.Value] {
			seen[p.key.Value] = true
			out = append(out, p)
		}
	}
	return out
}

func (w *walker) mergeSources(v *yaml.Node, depth int) []pair {
	v = w.node(v)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return w.mergedPairs(v, depth+1)
	}
	var out []pair
	for _, s := range v.Content {
		out = append(out, w.mergedPairs(s, depth+1)...)
	}
	return out
}

// get returns the resolved value of key in mapping n, or nil.
func (w *walker) get(n *yaml.Node, key string) *yaml.Node {
	for _, p := range w.pairs(n) {
		if p.key.Value == key {
			return w.node(p.value)
		}
	}
	return nil
}

// has reports whether mapping n sets key.
func (w *walker) has(n *yaml.Node, key string) bool {
	for _, p := range w.pairs(n) {
		if p.key.Value == key {
			return true
		}
	}
	return false
}

// items returns the resolved items of a sequence, or nil for anything else.
func (w *walker) items(n *yaml.Node) []*yaml.Node {
	n = w.node(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = w.node(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// scalars returns n itself when it is a scalar, or the scalars of a sequence, flattening nested
// sequences as GitLab does.
func (w *walker) scalars(n *yaml.Node) []*yaml.Node {
	return w.flatten(n, 0, nil)
}

func (w *walker) flatten(n *yaml.Node, depth int, out []*yaml.Node) []*yaml.Node {
	n = w.node(n)
	switch {
	case n == nil || depth > 10:
		return out
	case n.Kind == yaml.ScalarNode:
		if n.Tag != "!!null" {
			out = append(out, n)
		}
		return out
	case n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			out = w.flatten(c, depth+1, out)
		}
	}
	return out
}

// str returns the value of a scalar node, or "".
func (w *walker) str(n *yaml.Node) string {
	if n = w.node(n); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// line is one logical line of a script: its text, its line in the file and the index of the
// script line it starts on.
type line struct {
	text string
	line int
	idx  int
}

// scriptStart returns where a scalar's text starts in its file and how file lines advance with
// script lines: block scalars start on the line after their indicator; other multi-line
// scalars are all reported at their first line.
func scriptStart(n *yaml.Node) (start, step int) {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1, 1
	}
	return n.Line, 0
}

// splitScript splits a shell script into logical lines: backslash continuations are joined,
// blank lines and comments dropped.
func splitScript(src string, start, step int) []line {
	var out []line
	var cur strings.Builder
	curLine, curIdx := 0, 0
	for i, raw := range strings.Split(src, "\n") {
		t := strings.TrimSpace(raw)
		if cur.Len() == 0 {
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			curLine, curIdx = start+i*step, i
		}
		if body, cont := strings.CutSuffix(t, "\\"); cont {
			cur.WriteString(strings.TrimSpace(body) + " ")
			continue
		}
		cur.WriteString(t)
		out = append(out, line{strings.TrimSpace(cur.String()), curLine, curIdx})
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, line{strings.TrimSpace(cur.String()), curLine, curIdx})
	}
	return out
}
