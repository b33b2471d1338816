package kube

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

// skaffoldConfig is the part of one skaffold configuration (a document of skaffold.yaml) that
// says what is built and deployed, in the v2+ (manifests:) and v1 (deploy:) shapes.
type skaffoldConfig struct {
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	skaffoldPipeline `yaml:",inline"`
	Profiles         []struct {
		Name             string `yaml:"name"`
		skaffoldPipeline `yaml:",inline"`
	} `yaml:"profiles"`
}

type skaffoldPipeline struct {
	Build struct {
		Artifacts []struct {
			Image string `yaml:"image"`
		} `yaml:"artifacts"`
	} `yaml:"build"`
	Manifests skaffoldManifests `yaml:"manifests"`
	Deploy    struct {
		Kubectl *struct {
			Manifests []string `yaml:"manifests"`
		} `yaml:"kubectl"`
		Kustomize *skaffoldKustomize `yaml:"kustomize"`
		Helm      *skaffoldHelm      `yaml:"helm"`
	} `yaml:"deploy"`
}

type skaffoldManifests struct {
	RawYaml   []string           `yaml:"rawYaml"`
	Kustomize *skaffoldKustomize `yaml:"kustomize"`
	Helm      *skaffoldHelm      `yaml:"helm"`
}

type skaffoldKustomize struct {
	Paths []string `yaml:"paths"`
}

type skaffoldHelm struct {
	Releases []struct {
		Name        string         `yaml:"name"`
		ChartPath   string         `yaml:"chartPath"`
		Namespace   string         `yaml:"namespace"`
		ValuesFiles []string       `yaml:"valuesFiles"`
		SetValues   map[string]any `yaml:"setValues"`
	} `yaml:"releases"`
}

// manifests folds the v1 deploy: shape into the v2 manifests: shape.
func (p skaffoldPipeline) manifests() skaffoldManifests {
	m := p.Manifests
	if k := p.Deploy.Kubectl; k != nil && len(m.RawYaml) == 0 {
		m.RawYaml = k.Manifests
		if len(m.RawYaml) == 0 {
			m.RawYaml = []string{"k8s/*.yaml"} // skaffold v1's default
		}
	}
	if m.Kustomize == nil {
		m.Kustomize = p.Deploy.Kustomize
	}
	if m.Helm == nil {
		m.Helm = p.Deploy.Helm
	}
	return m
}

// isProductionName reports whether a profile or environment name means production.
func isProductionName(name string) bool {
	return strings.EqualFold(name, "prod") || strings.EqualFold(name, "production")
}

// deployed is what a config deploys: the production profile's manifests where it sets them,
// the config's own elsewhere.
func (c skaffoldConfig) deployed() skaffoldManifests {
	m := c.manifests()
	for _, p := range c.Profiles {
		if !isProductionName(p.Name) {
			continue
		}
		pm := p.manifests()
		if len(pm.RawYaml) > 0 {
			m.RawYaml = pm.RawYaml
		}
		if pm.Kustomize != nil {
			m.Kustomize = pm.Kustomize
		}
		if pm.Helm != nil {
			m.Helm = pm.Helm
		}
	}
	return m
}

// notDeployed lists what the config deploys only outside production: the manifests of its other
// profiles, and its own where the production profile replaces them.
func (c skaffoldConfig) notDeployed() []skaffoldManifests {
	var out []skaffoldManifests
	prod := false
	for _, p := range c.Profiles {
		if isProductionName(p.Name) {
			prod = true
		} else {
			out = append(out, p.manifests())
		}
	}
	if prod {
		out = append(out, c.manifests())
	}
	return out
}

// skaffoldSources reads one skaffold.yaml: every image any profile builds is pinned, and each
// config's deployed manifests form one unit.
func (l *loader) skaffoldSources(file string) ([]source, []verdict.Evidence) {
	data, err := l.snap.ReadFile(file)
	if err != nil {
		return nil, []verdict.Evidence{problemAt(file, 0, "cannot read: %v", err)}
	}
	docs, err := yamlx.ParseAll(file, data)
	if err != nil {
		return nil, []verdict.Evidence{problemAt(file, 0, "skaffold configuration: %v", err)}
	}
	var out []source
	for i, d := range docs {
		var c skaffoldConfig
		if d.Decode(&c) != nil {
			continue
		}
		l.pinSkaffold(c)
		name := c.Metadata.Name
		if name == "" {
			name = fmt.Sprint(i + 1)
		}
		dir := parentDir(file)
		for _, m := range c.notDeployed() {
			for _, s := range l.skaffoldConfigSources(dir, "", m) {
				l.elsewhere[s.key()] = true
			}
		}
		out = append(out, l.skaffoldConfigSources(dir, "skaffold:"+file+"#"+name, c.deployed())...)
	}
	return out, nil
}

func (l *loader) pinSkaffold(c skaffoldConfig) {
	for _, a := range c.Build.Artifacts {
		l.pin(a.Image)
	}
	for _, p := range c.Profiles {
		for _, a := range p.Build.Artifacts {
			l.pin(a.Image)
		}
	}
}

func (l *loader) skaffoldConfigSources(dir, unit string, m skaffoldManifests) []source {
	var out []source
	for _, f := range l.globFiles(dir, m.RawYaml) {
		out = append(out, source{kind: kindRaw, path: f, unit: unit, rank: rankDeployTool})
	}
	if m.Kustomize != nil {
		paths := m.Kustomize.Paths
		if len(paths) == 0 {
			paths = []string{"."}
		}
		for _, p := range paths {
			if local, ok := localPath(dir, p); ok {
				out = append(out, source{kind: kindKust, path: local, unit: unit, rank: rankDeployTool})
			}
		}
	}
	if m.Helm != nil {
		for _, r := range m.Helm.Releases {
			chart, ok := localPath(dir, r.ChartPath)
			if !ok || r.ChartPath == "" || !l.inv.charts[chart] {
				continue
			}
			rel := &helmRelease{name: r.Name, namespace: r.Namespace, set: setValues(r.SetValues)}
			rel.valuesFiles = l.localFiles(dir, r.ValuesFiles)
			out = append(out, source{kind: kindChart, path: chart, unit: unit, rank: rankDeployTool, helm: rel})
		}
	}
	return out
}

// setValues turns skaffold's setValues map into helm --set strings, skipping templated values
// skaffold fills in at deploy time.
func setValues(m map[string]any) []string {
	var out []string
	for k, v := range m {
		s := fmt.Sprint(v)
		if strings.Contains(s, "{{") || strings.ContainsAny(k, "=,") {
			continue
		}
		out = append(out, k+"="+s)
	}
	sort.Strings(out)
	return out
}

// localPath resolves a path a config in dir writes to a repository path, refusing paths that
// leave the repository, URLs and templated paths.
func localPath(dir, p string) (string, bool) {
	p = strings.TrimSpace(p)
	if strings.Contains(p, "{{") || strings.Contains(p, "://") || path.IsAbs(p) {
		return "", false
	}
	j := path.Join(dir, p)
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", false
	}
	if j == "." {
		j = ""
	}
	return j, true
}

// localFiles resolves file names written in dir to the repository files that exist.
func (l *loader) localFiles(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if p, ok := localPath(dir, n); ok && l.inv.isFile(p) {
			out = append(out, p)
		}
	}
	return out
}

// maxGlobs bounds the patterns one deploy-tool entry may name, so that a hostile configuration
// cannot make a Load match every file thousands of times.
const maxGlobs = 100

// globFiles lists the repository files matching globs written relative to dir.
func (l *loader) globFiles(dir string, globs []string) []string {
	var out []string
	for _, g := range globs[:min(len(globs), maxGlobs)] {
		pattern, ok := localPath(dir, g)
		if !ok || !doublestar.ValidatePattern(pattern) {
			continue
		}
		if !strings.ContainsAny(pattern, "*?[{") {
			if l.inv.isFile(pattern) {
				out = append(out, pattern)
			}
			continue
		}
		base, _ := doublestar.SplitPattern(pattern)
		if base == "." {
			base = ""
		}
		for _, f := range l.inv.filesUnder(base) {
			if ok, _ := doublestar.Match(pattern, f.Path); ok {
				out = append(out, f.Path)
			}
		}
	}
	return out
}
