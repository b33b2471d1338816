package kube

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

const (
	kustomizeTimeout = 10 * time.Second
	originAnnotation = "config.kubernetes.io/origin"
)

// kustomizeMu serialises builds: kustomize keeps its OpenAPI schema in package state.
var kustomizeMu sync.Mutex

// buildKustomization runs `kustomize build` on dir over an in-memory copy of the files its
// kustomizations name. Remote resources are never fetched: they make the build a problem.
func (l *loader) buildKustomization(dir string) ([]Object, []verdict.Evidence) {
	k := l.graph.nodes[dir]
	closure := l.graph.closure(dir)
	var problems []verdict.Evidence
	for _, c := range closure {
		for _, r := range c.remote {
			problems = append(problems, problemAt(c.file, 0, "kustomization %s: remote resource %q is not fetched; list local manifests or vendor it", chartName(c.dir), r))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	fs, problems := l.kustomizeFS(k, closure)
	if len(problems) > 0 {
		return nil, problems
	}
	ctx, cancel := context.WithTimeout(l.ctx, kustomizeTimeout)
	defer cancel()
	docs, err := bounded(ctx, func() ([]map[string]any, error) { return runKustomize(fs, "/"+dir) })
	if err != nil {
		return nil, []verdict.Evidence{problemAt(k.file, 0, "kustomize build %s: %v", chartName(dir), err)}
	}
	var objs []Object
	origins := originFiles{snap: l.snap, docs: map[string][]*yaml.Node{}}
	for _, d := range docs {
		src := originPath(d, dir, k.file)
		for _, o := range objectsOf(src, "kustomize:"+dir, normalize(d).(map[string]any), nil, false) {
			if n := origins.find(src, o.Kind, o.Name); n != nil {
				o.node, o.Line = n, n.Line
			}
			objs = append(objs, o)
		}
	}
	return objs, nil
}

// originFiles finds built objects in the resource files they came from, so evidence names the
// line a person edits.
type originFiles struct {
	snap repo.Snapshot
	docs map[string][]*yaml.Node
}

// find returns the document of file that the built object kind/name came from: the one of that
// kind and name, else the one of that kind whose name the built name contains (kustomize adds
// prefixes and suffixes), when exactly one fits.
func (f originFiles) find(file, kind, name string) *yaml.Node {
	docs, ok := f.docs[file]
	if !ok {
		if data, err := f.snap.ReadFile(file); err == nil {
			docs, _ = yamlx.ParseAll(file, data)
		}
		f.docs[file] = docs
	}
	if _, base := splitPath(file); kustomizationNames[base] && len(docs) == 1 {
		return generatorEntry(docs[0], kind, name)
	}
	var partial []*yaml.Node
	for _, d := range docs {
		if d.Kind != yaml.MappingNode || scalar(yamlx.Get(d, "kind")) != kind {
			continue
		}
		n := scalar(yamlx.Get(yamlx.Get(d, "metadata"), "name"))
		if n == name {
			return d
		}
		if n != "" && strings.Contains(name, n) {
			partial = append(partial, d)
		}
	}
	if len(partial) == 1 {
		return partial[0]
	}
	return nil
}

// generatorEntry returns the configMapGenerator or secretGenerator entry of a kustomization
// that generated kind/name: kustomize adds a hash suffix to the entry's name.
func generatorEntry(k *yaml.Node, kind, name string) *yaml.Node {
	field := map[string]string{"ConfigMap": "configMapGenerator", "Secret": "secretGenerator"}[kind]
	list := yamlx.Get(k, field)
	if field == "" || list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	var found *yaml.Node
	for _, e := range list.Content {
		if n := scalar(yamlx.Get(e, "name")); n != "" && strings.Contains(name, n) {
			if found != nil {
				return nil
			}
			found = e
		}
	}
	return found
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// kustomizeFS copies the kustomization files of closure, and the files they name, into memory.
// The top kustomization is asked to record each resource's origin, so objects name their file.
func (l *loader) kustomizeFS(top *kustomization, closure []*kustomization) (filesys.FileSystem, []verdict.Evidence) {
	fs := filesys.MakeFsInMemory()
	var problems []verdict.Evidence
	for _, p := range neededFiles(l.inv, closure) {
		data, err := l.snap.ReadFile(p)
		if errors.Is(err, repo.ErrTooLarge) || errors.Is(err, repo.ErrNotFound) {
			continue
		}
		if err != nil {
			problems = append(problems, problemAt(p, 0, "cannot read: %v", err))
			continue
		}
		if err := checkAliases(p, data); err != nil {
			problems = append(problems, *err)
			continue
		}
		if p == top.file {
			data = withOriginAnnotations(data)
		}
		if err := fs.WriteFile("/"+p, data); err != nil {
			problems = append(problems, problemAt(p, 0, "cannot stage for kustomize: %v", err))
		}
	}
	return fs, problems
}

// neededFiles lists each kustomization file of closure and every file they name.
func neededFiles(inv *inventory, closure []*kustomization) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, k := range closure {
		add(k.file)
		for _, p := range append(append([]string(nil), k.refs...), k.files...) {
			if _, ok := repo.Lookup(inv.files, p); ok {
				add(p)
			}
		}
	}
	return out
}

// checkAliases refuses YAML whose aliases expand into an enormous document: kustomize expands
// anchors itself, without the limits yaml.v3 applies when decoding.
func checkAliases(p string, data []byte) *verdict.Evidence {
	if !bytes.Contains(data, []byte("&")) || !bytes.Contains(data, []byte("*")) {
		return nil
	}
	docs, err := yamlx.ParseAll(p, data)
	if err != nil {
		return nil // kustomize reports syntax errors itself
	}
	for _, d := range docs {
		var v any
		if err := d.Decode(&v); err != nil {
			e := problemAt(p, d.Line, "cannot decode YAML: %v", err)
			return &e
		}
	}
	return nil
}

func runKustomize(fs filesys.FileSystem, dir string) ([]map[string]any, error) {
	kustomizeMu.Lock()
	defer kustomizeMu.Unlock()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fs, dir)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, r := range m.Resources() {
		d, err := r.Map()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// withOriginAnnotations adds originAnnotations to a kustomization's buildMetadata.
func withOriginAnnotations(data []byte) []byte {
	root, err := yamlx.Parse("", data)
	if err != nil || root.Kind != yaml.MappingNode {
		return data
	}
	bm := yamlx.Get(root, "buildMetadata")
	if bm == nil {
		bm = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "buildMetadata"}, bm)
	}
	if bm.Kind != yaml.SequenceNode {
		return data
	}
	for _, c := range bm.Content {
		if c.Value == "originAnnotations" {
			return data
		}
	}
	bm.Content = append(bm.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "originAnnotations"})
	out, err := yaml.Marshal(root)
	if err != nil {
		return data
	}
	return out
}

// originPath reads and removes the origin annotation kustomize added, returning the repository
// path of the file the object came from, or fallback.
func originPath(doc map[string]any, dir, fallback string) string {
	meta, _ := doc["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	raw, ok := ann[originAnnotation].(string)
	if !ok {
		return fallback
	}
	delete(ann, originAnnotation)
	if len(ann) == 0 {
		delete(meta, "annotations")
	}
	var o struct {
		Path         string `yaml:"path"`
		Repo         string `yaml:"repo"`
		ConfiguredIn string `yaml:"configuredIn"`
	}
	if yaml.Unmarshal([]byte(raw), &o) != nil || o.Repo != "" {
		return fallback
	}
	p := o.Path
	if p == "" {
		p = o.ConfiguredIn
	}
	if p == "" {
		return fallback
	}
	if joined := path.Join(dir, p); joined != ".." && !path.IsAbs(p) && !strings.HasPrefix(joined, "../") {
		return joined
	}
	return fallback
}
