package kube

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"gopkg.in/yaml.v3"
)

// addGitOps loads what the Argo CD and Flux objects among results deploy from this repository.
// A source already loaded joins the object's unit (and rank); a chart it renders with other
// values is rendered again in place of the first render.
func (l *loader) addGitOps(p *plan, results []loaded) []loaded {
	np := newPlan()
	for _, r := range results {
		for _, o := range r.objs {
			for _, s := range l.gitOpsSources(o) {
				l.planSource(np, s)
			}
		}
	}
	if len(np.sources) == 0 {
		return results
	}
	index := map[string]int{}
	for i, r := range results {
		index[r.src.key()] = i
	}
	var fresh []source
	for _, s := range np.sources {
		i, ok := index[s.key()]
		switch {
		case ok && s.helm == nil:
			r := &results[i]
			r.src.rank, r.src.unit = s.rank, s.unit
			for j := range r.objs {
				r.objs[j].Unit = s.unit
			}
		case ok:
			results[i].objs, results[i].problems = nil, nil
			fresh = append(fresh, s)
		default:
			fresh = append(fresh, s)
		}
	}
	p.problems = append(p.problems, np.problems...)
	return append(results, l.run(fresh)...)
}

// gitOpsSources returns what an Argo CD Application or ApplicationSet, or a Flux Kustomization
// or HelmRelease, deploys from a local path of this repository.
func (l *loader) gitOpsSources(o Object) []source {
	group, _, _ := strings.Cut(o.APIVersion, "/")
	unitOf := func(tool string) string { return tool + ":" + o.Path + "#" + o.Namespace + "/" + o.Name }
	switch {
	case group == "argoproj.io" && o.Kind == "Application":
		return l.argoSources(unitOf("argocd"), mapAt(o.Doc, "spec"))
	case group == "argoproj.io" && o.Kind == "ApplicationSet":
		return l.appSetSources(unitOf("argocd"), mapAt(o.Doc, "spec"))
	case group == "kustomize.toolkit.fluxcd.io" && o.Kind == "Kustomization":
		return l.fluxKustomization(unitOf("flux"), mapAt(o.Doc, "spec"))
	case group == "helm.toolkit.fluxcd.io" && o.Kind == "HelmRelease":
		return l.fluxHelmRelease(unitOf("flux"), o)
	}
	return nil
}

func mapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

func strAt(m map[string]any, keys ...string) string {
	if len(keys) == 0 {
		return ""
	}
	s, _ := mapAt(m, keys[:len(keys)-1]...)[keys[len(keys)-1]].(string)
	return s
}

func stringsAt(m map[string]any, key string) []string {
	var out []string
	list, _ := m[key].([]any)
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// argoSources reads an Application spec's source or sources. A source with a Helm repository
// chart, a templated path or a path this repository does not have is not this repository's.
func (l *loader) argoSources(unit string, spec map[string]any) []source {
	srcs := []map[string]any{mapAt(spec, "source")}
	if list, ok := spec["sources"].([]any); ok {
		for _, s := range list {
			m, _ := s.(map[string]any)
			srcs = append(srcs, m)
		}
	}
	var out []source
	for _, s := range srcs {
		p, ok := localPath("", strAt(s, "path"))
		if s == nil || strAt(s, "chart") != "" || !ok || p == "" || !l.inv.exists(p) {
			continue
		}
		l.pinArgoKustomize(mapAt(s, "kustomize"))
		src := source{path: p, unit: unit, rank: rankDeployTool}
		_, isKust := l.graph.nodes[p]
		switch {
		case l.inv.charts[p]:
			src.kind, src.helm = kindChart, l.argoRelease(p, spec, mapAt(s, "helm"))
		case !isKust && !l.inv.isFile(p):
			out = append(out, l.directoryFiles(src, mapAt(s, "directory"))...)
			continue
		}
		out = append(out, src)
	}
	return out
}

// directoryFiles lists the manifest files of an Argo CD directory source, each a source like
// dir: the folder's own files, or every file below it with recurse, kept by the include and
// exclude globs (relative to the folder) when set.
func (l *loader) directoryFiles(dir source, opts map[string]any) []source {
	recurse := opts["recurse"] == true
	include, exclude := strAt(opts, "include"), strAt(opts, "exclude")
	var out []source
	for _, f := range l.inv.filesUnder(dir.path) {
		d, base := splitPath(f.Path)
		rel := relTo(dir.path, f.Path)
		switch {
		case !isCandidate(f.Path, base), !recurse && d != dir.path:
		case include != "" && !globMatch(include, rel), exclude != "" && globMatch(exclude, rel):
		default:
			s := dir
			s.kind, s.path = kindRaw, f.Path
			out = append(out, s)
		}
	}
	return out
}

func globMatch(pattern, p string) bool {
	ok, _ := doublestar.Match(pattern, p)
	return ok
}

func (l *loader) argoRelease(chart string, spec, helm map[string]any) *helmRelease {
	rel := &helmRelease{name: strAt(helm, "releaseName"), namespace: strAt(spec, "destination", "namespace")}
	for _, f := range stringsAt(helm, "valueFiles") {
		if !strings.HasPrefix(f, "$") {
			rel.valuesFiles = append(rel.valuesFiles, l.localFiles(chart, []string{f})...)
		}
	}
	if v := strAt(helm, "values"); v != "" {
		var m map[string]any
		if yaml.Unmarshal([]byte(v), &m) == nil && m != nil {
			rel.values = append(rel.values, m)
		}
	}
	if m := mapAt(helm, "valuesObject"); m != nil {
		rel.values = append(rel.values, m)
	}
	params, _ := helm["parameters"].([]any)
	for _, p := range params {
		pm, _ := p.(map[string]any)
		if n, v := strAt(pm, "name"), strAt(pm, "value"); n != "" && !templated(v) {
			rel.set = append(rel.set, n+"="+v)
		}
	}
	return rel
}

// fluxKustomization reads a Flux Kustomization whose source is a Git repository: its path, from
// the repository root, is a kustomization or a folder of manifests.
func (l *loader) fluxKustomization(unit string, spec map[string]any) []source {
	if k := strAt(spec, "sourceRef", "kind"); k != "" && k != "GitRepository" {
		return nil
	}
	p, ok := localPath("", strAt(spec, "path"))
	if !ok || !l.inv.exists(p) {
		return nil
	}
	images, _ := spec["images"].([]any)
	for _, im := range images {
		if m, _ := im.(map[string]any); strAt(m, "newTag") != "" || strAt(m, "digest") != "" {
			l.pin(strAt(m, "name"), strAt(m, "newName"))
		}
	}
	return []source{{path: p, unit: unit, rank: rankDeployTool}}
}

// pinArgoKustomize records the images an Argo CD source's kustomize.images overrides
// ("name=newName:tag", "name:tag" or "name@digest") set a tag or digest on.
func (l *loader) pinArgoKustomize(k map[string]any) {
	for _, im := range stringsAt(k, "images") {
		name, target, renamed := strings.Cut(im, "=")
		if !renamed {
			target = im
		}
		if target != imageName(target) {
			l.pin(name, target)
		}
	}
}

// fluxHelmRelease reads a Flux HelmRelease whose chart is a folder of a Git repository, with its
// values files (from the repository root) and inline values.
func (l *loader) fluxHelmRelease(unit string, o Object) []source {
	spec := mapAt(o.Doc, "spec")
	chartSpec := mapAt(spec, "chart", "spec")
	if strAt(chartSpec, "sourceRef", "kind") != "GitRepository" {
		return nil
	}
	chart, ok := localPath("", strAt(chartSpec, "chart"))
	if !ok || !l.inv.charts[chart] {
		return nil
	}
	ns := strAt(spec, "targetNamespace")
	name := strAt(spec, "releaseName")
	if name == "" {
		name = o.Name
		if ns != "" {
			name = ns + "-" + name
		}
	}
	if ns == "" {
		ns = o.Namespace
	}
	rel := &helmRelease{name: name, namespace: ns, valuesFiles: l.localFiles("", stringsAt(chartSpec, "valuesFiles"))}
	if v := mapAt(spec, "values"); v != nil {
		rel.values = append(rel.values, v)
	}
	return []source{{kind: kindChart, path: chart, unit: unit, rank: rankDeployTool, helm: rel}}
}
