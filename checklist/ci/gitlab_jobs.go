package ci

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// maxExtendsDepth bounds `extends:` chains, as GitLab does.
const maxExtendsDepth = 11

// inheritedDefaults are the job keys that `default:` (or the legacy top level) supplies.
var inheritedDefaults = []string{"image", "services", "before_script", "after_script"}

// job reads one job's effective scripts, images and merge-request rules.
func (g *gitlab) job(name string) {
	attrs := g.attrs(name, 0)
	g.defaults(attrs)
	dir := ""
	for _, key := range []string{"before_script", "script", "after_script"} {
		if key == "after_script" {
			dir = "" // after_script runs in a new shell
		}
		if a, ok := attrs[key]; ok {
			for _, s := range g.scripts(a, 0) {
				dir = g.p.commandsFrom(GitLab, s.path, dir, s.node)
			}
		}
	}
	if a, ok := attrs["image"]; ok {
		g.image(a)
	}
	if a, ok := attrs["services"]; ok {
		for _, s := range g.w.items(a.node) {
			g.image(located{s, a.path})
		}
	}
	if a, ok := attrs["rules"]; ok {
		g.rules(a)
	}
	if a, ok := attrs["only"]; ok {
		g.only(a)
	}
}

// attrs returns a job's keys after `extends:`, later parents overriding earlier ones and the
// job's own keys overriding both. Merging is per top-level key.
func (g *gitlab) attrs(name string, depth int) map[string]located {
	out := map[string]located{}
	def, ok := g.top[name]
	if !ok || depth > maxExtendsDepth {
		return out
	}
	for _, parent := range g.w.scalars(g.w.get(def.node, "extends")) {
		for k, v := range g.attrs(parent.Value, depth+1) {
			out[k] = v
		}
	}
	for _, e := range g.w.pairs(def.node) {
		out[e.key.Value] = located{e.value, def.path}
	}
	return out
}

// defaults fills keys the job lacks from `default:`, or from the legacy top-level keys.
func (g *gitlab) defaults(attrs map[string]located) {
	if inherit, ok := attrs["inherit"]; ok {
		if d := g.w.get(inherit.node, "default"); d != nil && d.Value == "false" {
			return
		}
	}
	def, hasDefault := g.top["default"]
	for _, key := range inheritedDefaults {
		if _, set := attrs[key]; set {
			continue
		}
		if hasDefault {
			if v := g.w.get(def.node, key); v != nil {
				attrs[key] = located{v, def.path}
				continue
			}
		}
		if top, ok := g.top[key]; ok {
			attrs[key] = top
		}
	}
}

// scripts flattens a script value into its scalar entries, following `!reference [job, key]`.
func (g *gitlab) scripts(v located, depth int) []located {
	return g.appendScripts(nil, v, depth)
}

// appendScripts appends the scalar entries of script value v to out.
func (g *gitlab) appendScripts(out []located, v located, depth int) []located {
	n := g.w.node(v.node)
	if n == nil || depth > maxExtendsDepth {
		return out
	}
	if n.Tag == "!reference" {
		for _, r := range g.referenced(n) {
			out = g.appendScripts(out, r, depth+1)
		}
		return out
	}
	switch n.Kind {
	case yaml.ScalarNode:
		out = append(out, located{n, v.path})
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = g.appendScripts(out, located{c, v.path}, depth+1)
		}
	}
	return out
}

// image records an image given as a string or as {name: ...}.
func (g *gitlab) image(a located) {
	n := g.w.node(a.node)
	if n != nil && n.Kind == yaml.MappingNode {
		n = g.w.get(n, "name")
	}
	if n != nil && n.Kind == yaml.ScalarNode {
		g.p.use(Ref{Text: n.Value, Path: a.path, Line: n.Line, System: GitLab})
	}
}

// rules marks the pipeline as running on merge requests when a rule selects them.
func (g *gitlab) rules(a located) {
	for _, rule := range g.ruleItems(a, 0) {
		cond := g.w.get(rule.node, "if")
		if cond == nil || g.w.str(g.w.get(rule.node, "when")) == "never" || !mergeRequestCondition(cond.Value) {
			continue
		}
		g.mergeRequest(located{cond, rule.path}, "rule if: "+cond.Value)
	}
}

// ruleItems flattens a rules list into its mappings, following `!reference`.
func (g *gitlab) ruleItems(a located, depth int) []located {
	n := g.w.node(a.node)
	if n == nil || depth > maxExtendsDepth {
		return nil
	}
	if n.Tag == "!reference" {
		var out []located
		for _, r := range g.referenced(n) {
			out = append(out, g.ruleItems(r, depth+1)...)
		}
		return out
	}
	switch n.Kind {
	case yaml.MappingNode:
		return []located{{n, a.path}}
	case yaml.SequenceNode:
		var out []located
		for _, c := range n.Content {
			out = append(out, g.ruleItems(located{c, a.path}, depth+1)...)
		}
		return out
	}
	return nil
}

// referenced returns the value a `!reference` names, unflattened.
func (g *gitlab) referenced(n *yaml.Node) []located {
	keys := g.w.scalars(n)
	if len(keys) < 2 {
		return nil
	}
	target, ok := g.top[keys[0].Value]
	if !ok {
		return nil
	}
	cur := target.node
	for _, k := range keys[1:] {
		cur = g.w.get(cur, k.Value)
	}
	return []located{{cur, target.path}}
}

// only marks the pipeline when `only:` (or `only: refs:`) lists merge_requests.
func (g *gitlab) only(a located) {
	n := g.w.node(a.node)
	if n != nil && n.Kind == yaml.MappingNode {
		n = g.w.get(n, "refs")
	}
	for _, s := range g.w.scalars(n) {
		if s.Value == "merge_requests" {
			g.mergeRequest(located{s, a.path}, "only: merge_requests")
		}
	}
}

func (g *gitlab) mergeRequest(at located, text string) {
	if g.pl.PullRequest == nil {
		g.pl.PullRequest = &Ref{Text: text, Path: at.path, Line: at.node.Line, System: GitLab}
	}
}

// mergeRequestCondition reports whether a rules `if:` expression selects merge-request
// pipelines: one of its clauses tests for them positively.
func mergeRequestCondition(expr string) bool {
	for _, clause := range strings.FieldsFunc(expr, func(r rune) bool { return r == '&' || r == '|' || r == '(' || r == ')' }) {
		mentions := strings.Contains(clause, "merge_request_event") || strings.Contains(clause, "CI_MERGE_REQUEST_")
		negated := strings.Contains(clause, "!=") || strings.Contains(clause, "!~") || strings.Contains(clause, "null")
		if mentions && !negated {
			return true
		}
	}
	return false
}
