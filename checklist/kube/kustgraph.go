package kube

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"gopkg.in/yaml.v3"
)

// kustomization is what prc needs to know about one kustomization file before building it.
type kustomization struct {
	dir, file string
	refs      []string // local resources, bases and components, repository-relative
	files     []string // every other local file the kustomization names
	remote    []string // entries kustomize would fetch over the network
	broken    bool     // unreadable; kustomize reports the details when built
	component bool     // kind: Component, built only through the kustomizations that list it
	images    []string // image names an images: entry gives a newTag or digest
}

// kustFile lists the kustomization fields that name files, directories or URLs.
type kustFile struct {
	Kind                  string            `yaml:"kind"`
	Images                []imageField      `yaml:"images"`
	Resources             []string          `yaml:"resources"`
	Bases                 []string          `yaml:"bases"`
	Components            []string          `yaml:"components"`
	Crds                  []string          `yaml:"crds"`
	Configurations        []string          `yaml:"configurations"`
	Generators            []string          `yaml:"generators"`
	Transformers          []string          `yaml:"transformers"`
	Validators            []string          `yaml:"validators"`
	PatchesStrategicMerge []string          `yaml:"patchesStrategicMerge"`
	Patches               []pathField       `yaml:"patches"`
	PatchesJSON6902       []pathField       `yaml:"patchesJson6902"`
	Replacements          []pathField       `yaml:"replacements"`
	ConfigMapGenerator    []generatorField  `yaml:"configMapGenerator"`
	SecretGenerator       []generatorField  `yaml:"secretGenerator"`
	OpenAPI               map[string]string `yaml:"openapi"`
	HelmGlobals           map[string]any    `yaml:"helmGlobals"`
	HelmCharts            []map[string]any  `yaml:"helmCharts"`
}

type imageField struct {
	Name    string `yaml:"name"`
	NewName string `yaml:"newName"`
	NewTag  string `yaml:"newTag"`
	Digest  string `yaml:"digest"`
}

type pathField struct {
	Path string `yaml:"path"`
}

type generatorField struct {
	Files []string `yaml:"files"`
	Envs  []string `yaml:"envs"`
	Env   string   `yaml:"env"`
}

var userAtRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*@`)

// isRemote reports whether kustomize would fetch entry from the network (a git repository or an
// HTTP file) rather than read it from the repository. It mirrors kustomize's own URL parsing.
func isRemote(entry string) bool {
	e, _, _ := strings.Cut(strings.TrimSpace(entry), "?")
	lower := strings.ToLower(e)
	lower = strings.TrimPrefix(lower, "git::")
	return strings.Contains(lower, "://") || strings.HasPrefix(lower, "github.com/") ||
		strings.HasPrefix(lower, "github.com:") || userAtRE.MatchString(lower)
}

// parseKustomization reads the file-naming fields of a kustomization. A file that cannot be
// parsed is marked broken; building it then reports kustomize's own error.
func parseKustomization(inv *inventory, dir, file string, data []byte) *kustomization {
	k := &kustomization{dir: dir, file: file}
	var kf kustFile
	if err := yaml.Unmarshal(data, &kf); err != nil {
		k.broken = true
		return k
	}
	k.component = kf.Kind == "Component"
	for _, im := range kf.Images {
		if im.NewTag != "" || im.Digest != "" {
			k.images = append(k.images, im.Name, im.NewName)
		}
	}
	if len(kf.HelmCharts) > 0 || kf.HelmGlobals != nil {
		k.remote = append(k.remote, "helmCharts (needs the helm binary and chart downloads)")
	}
	for _, e := range concat(kf.Resources, kf.Bases, kf.Components) {
		if local, ok := k.resolve(e); ok && inv.exists(local) {
			k.refs = append(k.refs, local)
		}
	}
	for _, e := range kf.fileEntries() {
		local, ok := k.resolve(e)
		switch _, isKust := inv.kusts[local]; {
		case ok && isKust:
			k.refs = append(k.refs, local) // a generator or transformer kustomization
		case ok:
			k.files = append(k.files, local)
		}
	}
	return k
}

// resolve turns an entry into a repository path, recording it as remote when it is a URL.
func (k *kustomization) resolve(entry string) (string, bool) {
	if strings.ContainsAny(entry, "\n") {
		return "", false // an inline patch, not a file name
	}
	if isRemote(entry) {
		k.remote = append(k.remote, entry)
		return "", false
	}
	p := path.Join(k.dir, entry)
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(entry) {
		return "", false
	}
	if p == "." {
		p = ""
	}
	return p, true
}

func (kf *kustFile) fileEntries() []string {
	out := concat(kf.Crds, kf.Configurations, kf.Generators, kf.Transformers, kf.Validators, kf.PatchesStrategicMerge)
	for _, p := range concat2(kf.Patches, kf.PatchesJSON6902, kf.Replacements) {
		if p.Path != "" {
			out = append(out, p.Path)
		}
	}
	for _, g := range append(append([]generatorField(nil), kf.ConfigMapGenerator...), kf.SecretGenerator...) {
		for _, f := range g.Files {
			if _, file, ok := strings.Cut(f, "="); ok {
				f = file
			}
			out = append(out, f)
		}
		out = append(out, g.Envs...)
		if g.Env != "" {
			out = append(out, g.Env)
		}
	}
	if p := kf.OpenAPI["path"]; p != "" {
		out = append(out, p)
	}
	return out
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func concat2(lists ...[]pathField) []pathField {
	var out []pathField
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// kustGraph is every kustomization of a snapshot and which ones other kustomizations use.
type kustGraph struct {
	nodes map[string]*kustomization
	bases map[string]bool
	files map[string]bool // files named by some kustomization
}

func buildKustGraph(snap repo.Snapshot, inv *inventory) *kustGraph {
	g := &kustGraph{nodes: map[string]*kustomization{}, bases: map[string]bool{}, files: map[string]bool{}}
	for dir, file := range inv.kusts {
		if _, inChart := inv.owningChart(dir); inChart {
			continue
		}
		data, err := snap.ReadFile(file)
		if err != nil {
			g.nodes[dir] = &kustomization{dir: dir, file: file, broken: true}
			continue
		}
		g.nodes[dir] = parseKustomization(inv, dir, file, data)
	}
	for _, k := range g.nodes {
		test := notService(k.dir+"/", "")
		for _, r := range k.refs {
			if test {
				continue // a test overlay does not make its base a base of the service
			}
			if _, ok := g.nodes[r]; ok {
				g.bases[r] = true
			}
			g.files[r] = true
		}
		for _, f := range k.files {
			g.files[f] = true
		}
	}
	return g
}

// selected returns the kustomizations under scope to build: the production overlays when there
// are any, else every kustomization no other kustomization uses. Components and overlays in
// test or example folders are never selected.
func (g *kustGraph) selected(scope string) []string {
	var tops, prod []string
	for dir, k := range g.nodes {
		if under(dir, scope) && !g.bases[dir] && !k.component && !notService(dir+"/", scope) {
			tops = append(tops, dir)
		}
	}
	sort.Strings(tops)
	for _, d := range tops {
		if isProduction(d) {
			prod = append(prod, d)
		}
	}
	if len(prod) > 0 {
		return prod
	}
	return tops
}

func isProduction(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		if strings.EqualFold(seg, "production") || strings.EqualFold(seg, "prod") {
			return true
		}
	}
	return false
}

// closure lists dir and every kustomization it uses, directly or not.
func (g *kustGraph) closure(dir string) []*kustomization {
	seen := map[string]bool{}
	var out []*kustomization
	var visit func(string)
	visit = func(d string) {
		k, ok := g.nodes[d]
		if !ok || seen[d] {
			return
		}
		seen[d] = true
		out = append(out, k)
		for _, r := range k.refs {
			visit(r)
		}
	}
	visit(dir)
	return out
}

// claimed reports whether a file belongs to some kustomization (it lies in a kustomization's
// folder or a kustomization names it), and so is not a raw manifest.
func (g *kustGraph) claimed(file string) bool {
	if g.files[file] {
		return true
	}
	for d := parentDir(file); ; d = parentDir(d) {
		if _, ok := g.nodes[d]; ok {
			return true
		}
		if d == "" {
			return false
		}
	}
}
