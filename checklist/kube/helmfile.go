package kube

import (
	"fmt"

	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

// helmfileDoc is the part of a helmfile.yaml document that names releases.
type helmfileDoc struct {
	Releases []struct {
		Name      string `yaml:"name"`
		Namespace string `yaml:"namespace"`
		Chart     string `yaml:"chart"`
		Values    []any  `yaml:"values"`
		Set       []struct {
			Name  string `yaml:"name"`
			Value any    `yaml:"value"`
		} `yaml:"set"`
	} `yaml:"releases"`
}

// helmfileSources reads the releases of a helmfile.yaml whose chart is a chart folder of the
// repository; each release is a unit. A templated helmfile that is not YAML is left alone.
func (l *loader) helmfileSources(file string) ([]source, []verdict.Evidence) {
	data, err := l.snap.ReadFile(file)
	if err != nil {
		return nil, []verdict.Evidence{problemAt(file, 0, "cannot read: %v", err)}
	}
	docs, err := yamlx.ParseAll(file, data)
	if err != nil {
		return nil, nil
	}
	dir := parentDir(file)
	var out []source
	for _, d := range docs {
		var h helmfileDoc
		if d.Decode(&h) != nil {
			continue
		}
		for _, r := range h.Releases {
			chart, ok := localPath(dir, r.Chart)
			if !ok || r.Chart == "" || !l.inv.charts[chart] {
				continue
			}
			rel := &helmRelease{name: r.Name, namespace: r.Namespace}
			for _, v := range r.Values {
				switch t := v.(type) {
				case string:
					rel.valuesFiles = append(rel.valuesFiles, l.localFiles(dir, []string{t})...)
				case map[string]any:
					rel.values = append(rel.values, t)
				}
			}
			for _, s := range r.Set {
				if v := fmt.Sprint(s.Value); s.Name != "" && !templated(v) {
					rel.set = append(rel.set, s.Name+"="+v)
				}
			}
			out = append(out, source{kind: kindChart, path: chart, unit: "helmfile:" + file + "#" + r.Name, rank: rankDeployTool, helm: rel})
		}
	}
	return out, nil
}
