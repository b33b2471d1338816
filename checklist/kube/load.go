package kube

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/prchq/prc/checklist/internal/parallel"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// loadTimeout bounds a whole Load; work not started by then is reported as a problem.
const loadTimeout = 30 * time.Second

// workers is how many files, charts and kustomizations are processed at once.
const workers = 4

type loader struct {
	ctx   context.Context
	snap  repo.Snapshot
	inv   *inventory
	graph *kustGraph
}

// plan is the work a Load does: which charts to render, kustomizations to build and raw files
// to read, each listed once.
type plan struct {
	charts, kusts, raw []string
	seen               map[string]bool
	problems           []verdict.Evidence
}

func (p *plan) add(list *[]string, kind, item string) {
	if key := kind + ":" + item; !p.seen[key] {
		p.seen[key] = true
		*list = append(*list, item)
	}
}

// Load finds the Kubernetes objects of snap as they would be deployed: raw YAML and JSON
// manifests, Helm charts rendered with their default values, and kustomizations built (the
// production overlay when there is one). roots, when not empty, are the only folders or files
// considered. Files that cannot be read, rendered or built become Problems; Load never fails.
func Load(ctx context.Context, snap repo.Snapshot, roots []string) *Set {
	ctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	inv := scan(snap.Files())
	l := &loader{ctx: ctx, snap: snap, inv: inv, graph: buildKustGraph(snap, inv)}
	return l.run(l.plan(roots))
}

func (l *loader) plan(roots []string) *plan {
	p := &plan{seen: map[string]bool{}}
	if len(roots) == 0 {
		l.planScope(p, "")
		return p
	}
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
	_, isKust := l.graph.nodes[r]
	switch {
	case isFile && r != "":
		p.add(&p.raw, "raw", r)
	case isKust:
		p.add(&p.kusts, "kust", r)
	case l.inv.charts[r]:
		p.add(&p.charts, "chart", r)
	case l.inv.exists(r):
		l.planScope(p, r)
	default:
		p.problems = append(p.problems, problemAt(r, 0, "manifest root %q (from .github/prc.yml manifests) does not exist", root))
	}
}

// planScope discovers the charts, kustomizations and raw manifests inside scope.
func (l *loader) planScope(p *plan, scope string) {
	for _, c := range l.inv.topCharts(scope) {
		p.add(&p.charts, "chart", c)
	}
	for _, k := range l.graph.selected(scope) {
		p.add(&p.kusts, "kust", k)
	}
	for _, f := range l.inv.candidates {
		if !under(f.Path, scope) || l.graph.claimed(f.Path) {
			continue
		}
		if _, inChart := l.inv.owningChart(parentDir(f.Path)); inChart {
			continue
		}
		if f.Size <= repo.MaxFileSize {
			p.add(&p.raw, "raw", f.Path)
		}
	}
}

type result struct {
	objs     []Object
	problems []verdict.Evidence
	skipped  bool // not started before the time limit
}

// run executes the plan on a few goroutines and assembles the results in plan order.
func (l *loader) run(p *plan) *Set {
	var jobs []func() result
	for _, f := range p.raw {
		jobs = append(jobs, func() result { o, e := loadRaw(l.snap, f); return result{objs: o, problems: e} })
	}
	for _, c := range p.charts {
		jobs = append(jobs, func() result { o, e := l.renderChart(c); return result{objs: o, problems: e} })
	}
	for _, k := range p.kusts {
		jobs = append(jobs, func() result { o, e := l.buildKustomization(k); return result{objs: o, problems: e} })
	}
	results := make([]result, len(jobs))
	parallel.ForEach(len(jobs), workers, func(i int) {
		if l.ctx.Err() != nil {
			results[i] = result{skipped: true}
			return
		}
		results[i] = jobs[i]()
	})
	set := &Set{Problems: p.problems}
	skipped := 0
	for _, r := range results {
		set.Objects = append(set.Objects, r.objs...)
		set.Problems = append(set.Problems, r.problems...)
		if r.skipped {
			skipped++
		}
	}
	if skipped > 0 {
		set.Problems = append(set.Problems, verdict.Evidence{Message: fmt.Sprintf("%d manifest files, charts or kustomizations not evaluated: time limit reached", skipped)})
	}
	sort.SliceStable(set.Problems, func(i, j int) bool { return set.Problems[i].Path < set.Problems[j].Path })
	return set
}
