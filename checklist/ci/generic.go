package ci

import (
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// genericSystem recognises the CI systems read best-effort, by file location.
func genericSystem(dir, base string) (System, bool) {
	switch {
	case dir == ".circleci/" && (base == "config.yml" || base == "config.yaml"):
		return CircleCI, true
	case dir == ".buildkite/" && isYAML(base):
		return Buildkite, true
	case dir == "" && (base == "azure-pipelines.yml" || base == "azure-pipelines.yaml"),
		strings.HasPrefix(dir, ".azure-pipelines/") && isYAML(base):
		return Azure, true
	case dir == "" && base == ".travis.yml":
		return Travis, true
	case dir == "" && base == ".drone.yml":
		return Drone, true
	case dir == "" && base == "bitbucket-pipelines.yml":
		return Bitbucket, true
	}
	return "", false
}

// genericCommandKeys hold shell commands in the configuration of the best-effort systems.
var genericCommandKeys = map[string]bool{
	"run": true, "command": true, "commands": true, "script": true, "bash": true, "pwsh": true,
	"powershell": true, "inlineScript": true, "before_script": true, "after_script": true,
	"before_install": true, "install": true, "after_success": true,
}

// genericUseKeys hold images, orbs, plugins, pipes and tasks.
var genericUseKeys = map[string]bool{
	"image": true, "uses": true, "pipe": true, "task": true, "orbs": true, "plugins": true,
}

// maxGenericDepth bounds how deep the best-effort walk descends.
const maxGenericDepth = 64

// generic reads a CircleCI, Buildkite, Azure, Travis, Drone or Bitbucket file. These systems
// build pull requests by default, so presence is enough for the pull-request trigger.
func (p *parser) generic(sys System, f repo.File) {
	data, ok := p.read(f)
	if !ok {
		return
	}
	docs, err := yamlx.ParseAll(f.Path, data)
	if err != nil {
		p.yamlProblem(f.Path, err)
		if len(docs) == 0 {
			return
		}
	}
	p.m.Pipelines = append(p.m.Pipelines, Pipeline{System: sys, Path: f.Path, Line: 1,
		PullRequest: &Ref{Text: "builds pull requests by default", Path: f.Path, Line: 1, System: sys}})
	w := newWalker(f.Path)
	g := genericWalk{p: p, w: w, sys: sys, path: f.Path}
	for _, d := range docs {
		g.walk(d, 0)
	}
	p.checkBudget(w)
}

type genericWalk struct {
	p    *parser
	w    *walker
	sys  System
	path string
}

// walk finds command and use keys anywhere in the document.
func (g genericWalk) walk(n *yaml.Node, depth int) {
	n = g.w.node(n)
	if n == nil || depth > maxGenericDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, e := range g.w.pairs(n) {
			switch k := e.key.Value; {
			case genericCommandKeys[k]:
				g.commands(e.value, depth+1)
			case genericUseKeys[k]:
				g.uses(k, e.value)
				g.walk(e.value, depth+1)
			default:
				g.walk(e.value, depth+1)
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			g.walk(c, depth+1)
		}
	}
}

// commands takes a script string, a list of them, or descends into a mapping such as
// CircleCI's `run: {command: ...}`.
func (g genericWalk) commands(n *yaml.Node, depth int) {
	n = g.w.node(n)
	if n == nil || depth > maxGenericDepth {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		g.p.commandsFrom(g.sys, g.path, "", n)
	case yaml.SequenceNode:
		g.session(n, depth+1)
	default:
		g.walk(n, depth+1)
	}
}

// session reads a list of scripts that run in one shell, so a `cd` carries to the next.
func (g genericWalk) session(n *yaml.Node, depth int) {
	dir := ""
	for _, c := range n.Content {
		if c = g.w.node(c); c != nil && c.Kind == yaml.ScalarNode {
			dir = g.p.commandsFrom(g.sys, g.path, dir, c)
		} else {
			g.commands(c, depth)
		}
	}
}

// uses records the references under a use key: scalars, `{name: ...}` images, orb values and
// plugin names.
func (g genericWalk) uses(key string, n *yaml.Node) {
	n = g.w.node(n)
	if n == nil {
		return
	}
	switch {
	case n.Kind == yaml.ScalarNode:
		g.use(n)
	case n.Kind == yaml.MappingNode && key == "image":
		g.use(g.w.get(n, "name"))
	case n.Kind == yaml.MappingNode && key == "orbs":
		for _, e := range g.w.pairs(n) {
			g.use(g.w.node(e.value))
		}
	case n.Kind == yaml.MappingNode && key == "plugins":
		for _, e := range g.w.pairs(n) {
			g.use(e.key)
		}
	case n.Kind == yaml.SequenceNode:
		for _, item := range g.w.items(n) {
			g.uses(key, item)
		}
	}
}

func (g genericWalk) use(n *yaml.Node) {
	if n != nil && n.Kind == yaml.ScalarNode {
		g.p.use(Ref{Text: n.Value, Path: g.path, Line: n.Line, System: g.sys})
	}
}
