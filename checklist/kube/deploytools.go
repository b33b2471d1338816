package kube

import "strings"

// deployToolSources reads the skaffold and helmfile configurations outside test and example
// folders, records the images they build, and returns what they deploy.
func (l *loader) deployToolSources(p *plan) []source {
	var out []source
	for _, f := range l.inv.skaffolds {
		if notService(f, "") {
			continue
		}
		s, problems := l.skaffoldSources(f)
		out = append(out, s...)
		p.problems = append(p.problems, problems...)
	}
	for _, f := range l.inv.helmfiles {
		if notService(f, "") {
			continue
		}
		s, problems := l.helmfileSources(f)
		out = append(out, s...)
		p.problems = append(p.problems, problems...)
	}
	return out
}

func templated(s string) bool { return strings.Contains(s, "{{") }
