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
	built map[string]bool // image names deploy tools build or pin
	// elsewhere holds the source keys a deploy tool deploys only outside production (another
	// skaffold profile); discovery leaves them out.
	elsewhere map[string]bool
}

// Load finds the Kubernetes objects of snap as they would be deployed. Without roots it reads
// what deploy tools name (skaffold, Argo CD, Flux, helmfile), then discovers raw YAML and JSON
// manifests, Helm charts rendered with their default (or production) values, and kustomizations
// built (the production overlay when there is one), outside test and example folders. roots,
// when not empty, are the only folders or files considered. An object several sources define
// is kept once, from the most deployment-like source; the other copies are Set.Duplicates.
// Files that cannot be read, rendered or built become Problems; Load never fails.
func Load(ctx context.Context, snap repo.Snapshot, roots []string) *Set {
	ctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	inv := scan(snap.Files())
	l := &loader{ctx: ctx, snap: snap, inv: inv, graph: buildKustGraph(snap, inv), built: map[string]bool{}, elsewhere: map[string]bool{}}
	p := l.plan(roots)
	loaded := l.run(p.sources)
	if len(roots) == 0 {
		loaded = l.addGitOps(p, loaded)
	}
	for _, r := range loaded {
		if r.src.kind == kindKust {
			l.pinKustomizeImages(r.src.path)
		}
	}
	set := &Set{Problems: p.problems, BuiltImages: l.built}
	set.collect(loaded)
	return set
}

// loaded is what one source gave.
type loaded struct {
	src      source
	objs     []Object
	problems []verdict.Evidence
	skipped  bool // not started before the time limit
}

// run loads the sources on a few goroutines and returns the results in order.
func (l *loader) run(sources []source) []loaded {
	results := make([]loaded, len(sources))
	parallel.ForEach(len(sources), workers, func(i int) {
		s := sources[i]
		results[i].src = s
		if l.ctx.Err() != nil {
			results[i].skipped = true
			return
		}
		var objs []Object
		var problems []verdict.Evidence
		switch s.kind {
		case kindRaw:
			objs, problems = loadRaw(l.snap, s.path)
		case kindChart:
			objs, problems = l.renderChart(s.path, s.helm)
		case kindKust:
			objs, problems = l.buildKustomization(s.path)
		}
		for j := range objs {
			objs[j].Unit = s.unit
		}
		results[i].objs, results[i].problems = objs, problems
	})
	return results
}

// collect keeps each object once, in source order, and sorts the problems by path.
func (set *Set) collect(results []loaded) {
	skipped := 0
	for _, r := range results {
		set.Problems = append(set.Problems, r.problems...)
		if r.skipped {
			skipped++
		}
	}
	set.dedupe(results)
	if skipped > 0 {
		set.Problems = append(set.Problems, verdict.Evidence{Message: fmt.Sprintf("%d manifest files, charts or kustomizations not evaluated: time limit reached", skipped)})
	}
	sort.SliceStable(set.Problems, func(i, j int) bool { return set.Problems[i].Path < set.Problems[j].Path })
}
