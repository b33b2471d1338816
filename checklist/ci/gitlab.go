package ci

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// gitlabReserved are the top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabReserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
	"types": true, "spec": true,
}

// maxIncludeDepth bounds nested local includes, as GitLab itself does.
const maxIncludeDepth = 10

// located is a YAML value together with the file it came from.
type located struct {
	node *yaml.Node
	path string
}

// gitlab collects the top-level keys of .gitlab-ci.yml and its local includes; the first file
// to define a key wins, and the main file is read first.
type gitlab struct {
	p     *parser
	w     *walker
	top   map[string]located
	order []string
	read  map[string]bool
	pl    *Pipeline
}

// gitlab reads .gitlab-ci.yml with its local includes, then its jobs.
func (p *parser) gitlab(f repo.File) {
	g := &gitlab{p: p, w: newWalker(f.Path), top: map[string]located{}, read: map[string]bool{},
		pl: &Pipeline{System: GitLab, Path: f.Path}}
	if !g.load(f, 0) {
		return
	}
	for _, name := range g.order {
		if !gitlabReserved[name] && !strings.HasPrefix(name, ".") {
			g.job(name)
		}
	}
	g.workflowRules()
	p.m.Pipelines = append(p.m.Pipelines, *g.pl)
	p.checkBudget(g.w)
}

// load reads one GitLab file into the key table; it reports whether the file could be parsed.
func (g *gitlab) load(f repo.File, depth int) bool {
	if g.read[f.Path] || depth > maxIncludeDepth {
		return true
	}
	g.read[f.Path] = true
	data, ok := g.p.read(f)
	if !ok {
		return false
	}
	root, err := yamlx.Parse(f.Path, data)
	if err != nil {
		g.p.yamlProblem(f.Path, err)
		return false
	}
	var includes *yaml.Node
	for _, e := range g.w.pairs(root) {
		if e.key.Value == "include" {
			includes = e.value
		}
		if _, dup := g.top[e.key.Value]; !dup {
			g.top[e.key.Value] = located{e.value, f.Path}
			g.order = append(g.order, e.key.Value)
		}
	}
	g.includes(f.Path, includes, depth)
	return true
}

// includes follows local includes and records the others (templates, projects, remote files,
// components) as uses.
func (g *gitlab) includes(path string, n *yaml.Node, depth int) {
	list := g.w.items(n)
	if n = g.w.node(n); n != nil && n.Kind != yaml.SequenceNode {
		list = []*yaml.Node{n}
	}
	for _, inc := range list {
		if inc.Kind == yaml.ScalarNode {
			g.include(path, "local", inc, depth)
			continue
		}
		for _, e := range g.w.pairs(inc) {
			for _, v := range g.w.scalars(e.value) {
				g.include(path, e.key.Value, v, depth)
			}
		}
	}
}

func (g *gitlab) include(path, kind string, v *yaml.Node, depth int) {
	text := v.Value
	if kind == "local" && !strings.Contains(text, "://") {
		g.local(text, depth)
		return
	}
	if kind != "local" && kind != "remote" && kind != "template" && kind != "component" && kind != "project" && kind != "file" {
		return
	}
	g.p.use(Ref{Text: text, Path: path, Line: v.Line, System: GitLab})
	if kind == "template" && strings.Contains(text, "MergeRequest-Pipelines") && g.pl.PullRequest == nil {
		g.pl.PullRequest = &Ref{Text: "include " + text, Path: path, Line: v.Line, System: GitLab}
	}
}

// local loads included files of this repository; the path may be a glob.
func (g *gitlab) local(pattern string, depth int) {
	pattern = repo.Clean(pattern)
	for _, f := range g.p.snap.Files() {
		if ok, _ := doublestar.Match(pattern, f.Path); ok {
			g.load(f, depth+1)
		}
	}
}

// workflowRules checks top-level `workflow: rules:` for merge-request pipelines.
func (g *gitlab) workflowRules() {
	wf, ok := g.top["workflow"]
	if ok {
		g.rules(located{g.w.get(wf.node, "rules"), wf.path})
	}
}
