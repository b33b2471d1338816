package kube

import (
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// rank orders sources from the most deployment-like: when several sources define the same
// object, the copy from the lowest rank is judged.
type rank int

// The ranks, best first.
const (
	rankRoot       rank = iota // named by .github/prc.yml manifests
	rankDeployTool             // named by skaffold, Argo CD, Flux or helmfile
	rankProduction             // a production kustomize overlay
	rankChart                  // a chart found in the repository
	rankKustomization
	rankRaw      // a raw file in a manifest folder (k8s/, deploy/, manifests/…)
	rankRawOther // any other raw file, such as a variant kept in extras/
)

type sourceKind int

const (
	kindRaw sourceKind = iota
	kindChart
	kindKust
)

// source is one thing a Load deploys: a raw manifest file, a chart render or a kustomize build.
type source struct {
	kind sourceKind
	path string
	unit string
	rank rank
	helm *helmRelease // for a chart named by a deploy tool or a values-file root
}

func (s source) key() string {
	return [...]string{"raw:", "chart:", "kust:"}[s.kind] + s.path
}

// plan is the work a Load does, each source listed once: the first to name it wins.
type plan struct {
	sources  []source
	seen     map[string]bool
	skip     map[string]bool // sources discovery must not add
	problems []verdict.Evidence
}

func newPlan() *plan { return &plan{seen: map[string]bool{}} }

func (p *plan) add(s source) {
	if k := s.key(); !p.seen[k] && !p.skip[k] {
		p.seen[k] = true
		p.sources = append(p.sources, s)
	}
}

func (p *plan) problem(e verdict.Evidence) { p.problems = append(p.problems, e) }

// rootsUnit is the unit of the raw files .github/prc.yml names one by one: the configuration
// says they are deployed together.
const rootsUnit = "prc.yml"

// rawUnit is the unit of a raw file no deploy tool names: its folder.
func rawUnit(file string) string { return "raw:" + parentDir(file) }

func (l *loader) plan(roots []string) *plan {
	p := newPlan()
	tools := l.deployToolSources(p) // read even under roots: the images they build are pinned
	if len(roots) == 0 {
		for _, s := range tools {
			l.planSource(p, s)
		}
		p.skip = l.elsewhere
		l.planScope(p, "", -1, "")
		return p
	}
	p.problems = nil
	for _, r := range roots {
		l.planRoot(p, r)
	}
	return p
}

func (l *loader) planRoot(p *plan, root string) {
	r := repo.Clean(root)
	if r == "." {
		r = ""
	}
	_, isFile := repo.Lookup(l.inv.files, r)
	k, isKust := l.graph.nodes[r]
	chart, inChart := l.inv.owningChart(parentDir(r))
	switch {
	case isKust && k.component:
		p.problem(problemAt(k.file, 0, "manifest root %q (from .github/prc.yml manifests) is a kustomize Component; name a kustomization that uses it", root))
	case isFile && r != "" && inChart && isValuesFile(chart, r):
		// A values file of a chart: render the chart with it layered over values.yaml.
		p.add(source{kind: kindChart, path: chart, unit: "helm:" + chart, rank: rankRoot, helm: &helmRelease{valuesFiles: []string{r}}})
	case isFile && r != "" && inChart:
		// Another file of a chart, such as a template: the chart is what is deployed.
		p.add(source{kind: kindChart, path: chart, unit: "helm:" + chart, rank: rankRoot})
	case isFile && r != "":
		p.add(source{kind: kindRaw, path: r, unit: rootsUnit, rank: rankRoot})
	case isKust:
		p.add(source{kind: kindKust, path: r, unit: "kustomize:" + r, rank: rankRoot})
	case l.inv.charts[r]:
		p.add(source{kind: kindChart, path: r, unit: "helm:" + r, rank: rankRoot})
	case l.inv.exists(r):
		l.planScope(p, r, rankRoot, "")
	default:
		p.problem(problemAt(r, 0, "manifest root %q (from .github/prc.yml manifests) does not exist", root))
	}
}

// isValuesFile reports whether file is a YAML file at the top of the chart in dir, other than
// Chart.yaml: a values file.
func isValuesFile(dir, file string) bool {
	d, base := splitPath(file)
	return d == dir && base != "Chart.yaml" && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml"))
}

// planScope discovers the charts, kustomizations and raw manifests inside scope, skipping
// folders that hold no deployment (tests, examples). A rank of -1 ranks each source by its
// kind; unit, when set, is the unit of everything found.
func (l *loader) planScope(p *plan, scope string, r rank, unit string) {
	pick := func(own rank, ownUnit string) (rank, string) {
		if r >= 0 {
			own = r
		}
		if unit != "" {
			ownUnit = unit
		}
		return own, ownUnit
	}
	for _, c := range l.inv.topCharts(scope) {
		if !notService(c+"/", scope) {
			cr, cu := pick(rankChart, "helm:"+c)
			p.add(source{kind: kindChart, path: c, unit: cu, rank: cr})
		}
	}
	for _, k := range l.graph.selected(scope) {
		own := rankKustomization
		if isProduction(k) {
			own = rankProduction
		}
		kr, ku := pick(own, "kustomize:"+k)
		p.add(source{kind: kindKust, path: k, unit: ku, rank: kr})
	}
	for _, f := range l.inv.candidates {
		if !under(f.Path, scope) || l.graph.claimed(f.Path) || notService(f.Path, scope) {
			continue
		}
		if _, inChart := l.inv.owningChart(parentDir(f.Path)); inChart {
			continue
		}
		if f.Size <= repo.MaxFileSize {
			own := rankRawOther
			if looksLikeManifestPath(f.Path) {
				own = rankRaw
			}
			fr, fu := pick(own, rawUnit(f.Path))
			p.add(source{kind: kindRaw, path: f.Path, unit: fu, rank: fr})
		}
	}
}

// planSource adds a source a deploy tool names: a file, a chart, a kustomization or a folder.
func (l *loader) planSource(p *plan, s source) {
	_, isFile := repo.Lookup(l.inv.files, s.path)
	k, isKust := l.graph.nodes[s.path]
	switch {
	case s.kind == kindChart || l.inv.charts[s.path]:
		s.kind = kindChart
		p.add(s)
	case isKust && !k.component:
		s.kind = kindKust
		p.add(s)
	case isFile:
		s.kind = kindRaw
		p.add(s)
	case l.inv.exists(s.path):
		l.planScope(p, s.path, s.rank, s.unit)
	}
}
