package repoconfig

import (
	"fmt"
	"regexp"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Manifests says where a service's Kubernetes manifests are. It is written either as a list of
// paths in the service's own repository (`manifests: [deploy/prod]`, a single path also does),
// or as a folder of another repository of the same installation, the GitOps layout
// (`manifests: {repo: acme/gitops, path: apps/payments/prod}`).
type Manifests struct {
	// Paths are the roots in the service's repository; empty means discovered.
	Paths []string `yaml:"-"`
	// Repo is the other repository, "owner/name"; empty for Paths.
	Repo string `yaml:"repo"`
	// Path is the folder of Repo holding the manifests ("." for its root).
	Path string `yaml:"path"`
	// node is where the value is written, for errors.
	node *yaml.Node
}

// External is a folder of another repository holding a service's manifests.
type External struct {
	// Repo is "owner/name".
	Repo string
	// Path is a clean folder path inside Repo, "." for its root.
	Path string
}

// String is "owner/name/path" (or "owner/name" for the root), as evidence names it.
func (e External) String() string {
	if e.Path == "" || e.Path == "." {
		return e.Repo
	}
	return e.Repo + "/" + e.Path
}

// External returns the other repository's folder, or nil when the manifests are paths of the
// service's own repository.
func (m Manifests) External() *External {
	if m.Repo == "" {
		return nil
	}
	return &External{Repo: m.Repo, Path: m.Path}
}

// UnmarshalYAML accepts a path, a list of paths, or a mapping with repo and path.
func (m *Manifests) UnmarshalYAML(n *yaml.Node) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	defer func() { m.node = n }()
	switch n.Kind {
	case yaml.ScalarNode:
		var p string
		if err := n.Decode(&p); err != nil {
			return err
		}
		m.Paths = []string{p}
		return nil
	case yaml.MappingNode:
		type plain Manifests
		return n.Decode((*plain)(m))
	}
	return n.Decode(&m.Paths)
}

// repoRE is an "owner/name" as GitHub allows them.
var repoRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)

// manifests validates and cleans m, written in mapping n under key "manifests".
func (v validator) manifests(n *yaml.Node, m *Manifests, ctx string) error {
	at := orNode(m.node, orNode(yamlx.Get(n, "manifests"), n))
	if m.node != nil && m.node.Kind == yaml.MappingNode {
		return v.external(at, m, ctx)
	}
	for i, p := range m.Paths {
		clean, err := cleanRel(p)
		if err != nil {
			return yamlx.At(v.file, yamlx.Elem(at, i, at), ctx, "manifests: %v", err)
		}
		m.Paths[i] = clean
	}
	return nil
}

func (v validator) external(n *yaml.Node, m *Manifests, ctx string) error {
	key := func(k string) *yaml.Node { return orNode(yamlx.Get(n, k), n) }
	switch {
	case m.Repo == "":
		return yamlx.At(v.file, n, ctx, "manifests: repo is required (owner/name of the repository holding the manifests)")
	case !repoRE.MatchString(m.Repo) || m.Repo[len(m.Repo)-1] == '.':
		return yamlx.At(v.file, key("repo"), ctx, "manifests: repo must be owner/name, got %q", m.Repo)
	case yamlx.Get(n, "path") == nil:
		return yamlx.At(v.file, n, ctx, "manifests: path is required (the folder of %s holding the manifests; . for its root)", m.Repo)
	}
	if m.Path == "." {
		return nil
	}
	clean, err := cleanRel(m.Path)
	if err != nil {
		return yamlx.At(v.file, key("path"), ctx, "manifests: path: %s", fmt.Sprint(err))
	}
	m.Path = clean
	return nil
}
