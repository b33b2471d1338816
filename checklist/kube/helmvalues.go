package kube

import (
	"fmt"

	"github.com/prchq/prc/checklist/yamlx"
	"helm.sh/helm/v3/pkg/strvals"
)

// releaseValues layers a release's values files, inline values and set values, in that order,
// as `helm template -f … --set …` would; the chart's own values.yaml lies beneath them all.
func (l *loader) releaseValues(rel *helmRelease) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range rel.valuesFiles {
		data, err := l.snap.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("values file %s: %w", f, err)
		}
		m, err := parseValues(f, data)
		if err != nil {
			return nil, err
		}
		mergeValues(out, m)
	}
	for _, m := range rel.values {
		mergeValues(out, normalize(m).(map[string]any))
	}
	for _, s := range rel.set {
		if err := strvals.ParseInto(s, out); err != nil {
			return nil, fmt.Errorf("set value %q: %w", s, err)
		}
	}
	return out, nil
}

func parseValues(file string, data []byte) (map[string]any, error) {
	root, err := yamlx.Parse(file, data)
	if err != nil {
		return nil, fmt.Errorf("values file %s: %w", file, err)
	}
	var v any
	if err := root.Decode(&v); err != nil {
		return nil, fmt.Errorf("values file %s: %w", file, err)
	}
	m, _ := normalize(v).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// mergeValues merges src into dst: maps merge key by key, anything else replaces.
func mergeValues(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeValues(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}
