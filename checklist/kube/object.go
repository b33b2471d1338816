package kube

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Object is one Kubernetes object as it would be deployed.
type Object struct {
	// Path is the repository-relative file a person edits: for a chart, the template the
	// object was rendered from (charts/api/templates/deployment.yaml); for a kustomization, the
	// resource file kustomize's origin annotation names.
	Path string
	// Line is the 1-based line of the object in Path when known, else 0.
	Line int
	// Origin is "raw", "helm:<chart dir>" or "kustomize:<kustomization dir>".
	Origin string
	// Unit names the deployment the object belongs to: objects with the same Unit are deployed
	// together, so an autoscaler, disruption budget or Service counts for a workload only when
	// both share it. A chart render, a kustomize build and each deploy-tool entry (the manifests
	// of one skaffold config, one Argo CD Application, one Flux Kustomization or HelmRelease, one
	// helmfile release) is a unit; the raw files .github/prc.yml names one by one are the unit
	// "prc.yml"; other raw files form one unit per folder ("raw:<folder>").
	Unit string
	// APIVersion, Kind, Name and Namespace are copied from the object; Namespace may be empty.
	APIVersion, Kind, Name, Namespace string
	// Doc is the whole object as decoded from YAML or JSON.
	Doc map[string]any

	node  *yaml.Node
	lines map[int]int // rendered line → template line, for chart objects
}

// Set is every object found for one service, and what could not be read, rendered or built.
type Set struct {
	// Objects holds each object once, from the most deployment-like source that defines it.
	Objects []Object
	// Duplicates are the copies of Objects that other sources also define, for verbose output.
	Duplicates []Duplicate
	Problems   []verdict.Evidence
	// BuiltImages are image names (without tag or digest) that a deploy tool builds or pins at
	// deploy time: skaffold build artifacts and kustomize images: entries with a newTag or
	// digest. Use Pinned to ask about one image reference.
	BuiltImages map[string]bool
}

// Locate returns the line of the value at keys (strings for mapping keys, ints for list
// indexes) in Path, or the object's own line when the field is not written there (a kustomize
// patch set it) or cannot be mapped (a chart helper wrote it).
func (o Object) Locate(keys ...any) int {
	n := o.node
	for _, k := range keys {
		n = child(n, k)
		if n == nil {
			return o.Line
		}
	}
	if n == nil {
		return o.Line
	}
	if o.lines == nil {
		return n.Line
	}
	if l, ok := o.lines[n.Line]; ok {
		return l
	}
	return o.Line
}

func child(n *yaml.Node, key any) *yaml.Node {
	if n == nil {
		return nil
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch k := key.(type) {
	case string:
		return yamlx.Get(n, k)
	case int:
		if n.Kind == yaml.SequenceNode && k >= 0 && k < len(n.Content) {
			return n.Content[k]
		}
	}
	return nil
}

// Origins of objects.
const (
	OriginRaw = "raw"
)

// decodeDocs turns parsed YAML documents into objects. Documents that are not Kubernetes objects
// are ignored; a document that cannot be decoded (such as an alias bomb) is a problem.
func decodeDocs(path, origin string, docs []*yaml.Node, withLines bool) ([]Object, []verdict.Evidence) {
	var objs []Object
	var problems []verdict.Evidence
	for _, doc := range docs {
		var v any
		if err := doc.Decode(&v); err != nil {
			problems = append(problems, problemAt(path, docLine(doc, withLines), "cannot decode YAML: %v", err))
			continue
		}
		m, ok := normalize(v).(map[string]any)
		if !ok {
			continue
		}
		objs = append(objs, objectsOf(path, origin, m, doc, withLines)...)
	}
	return objs, problems
}

func docLine(doc *yaml.Node, withLines bool) int {
	if withLines {
		return doc.Line
	}
	return 0
}

// objectsOf returns m as an object, or the items of a List, or nothing when m is not a
// Kubernetes object.
func objectsOf(path, origin string, m map[string]any, node *yaml.Node, withLines bool) []Object {
	apiVersion, _ := m["apiVersion"].(string)
	kind, _ := m["kind"].(string)
	if apiVersion == "" || kind == "" {
		return nil
	}
	if items, ok := m["items"].([]any); ok && strings.HasSuffix(kind, "List") {
		var out []Object
		for i, it := range items {
			if im, ok := it.(map[string]any); ok {
				out = append(out, objectsOf(path, origin, im, child(child(node, "items"), i), withLines)...)
			}
		}
		return out
	}
	meta, _ := m["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	o := Object{Path: path, Origin: origin, Unit: origin, APIVersion: apiVersion, Kind: kind, Name: name, Namespace: ns, Doc: m}
	if node != nil {
		o.node = node
		if withLines {
			o.Line = node.Line
		}
	}
	return []Object{o}
}

// normalize converts maps with non-string keys, which YAML allows, to string-keyed maps so
// every consumer sees JSON-like values.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	default:
		return v
	}
}

func problemAt(path string, line int, format string, args ...any) verdict.Evidence {
	return verdict.Evidence{Path: path, Line: line, Message: fmt.Sprintf(format, args...)}
}
