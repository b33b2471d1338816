package kube

import (
	"regexp"
	"sort"

	"github.com/bmatcuk/doublestar/v4"
)

// pathParam is an ApplicationSet template path that a git directory generator fills in.
var pathParam = regexp.MustCompile(`^\{\{\s*\.?path(\.path)?\s*\}\}$`)

// appSetSources reads an ApplicationSet's template. When its path is the folder a git
// directories generator yields, each folder of this repository the generator matches is one
// Application, and its own unit.
func (l *loader) appSetSources(unit string, spec map[string]any) []source {
	tmpl := mapAt(spec, "template", "spec")
	src := mapAt(tmpl, "source")
	if !pathParam.MatchString(strAt(src, "path")) {
		return l.argoSources(unit, tmpl)
	}
	var out []source
	for _, dir := range l.generatorDirs(spec) {
		s := map[string]any{}
		for k, v := range src {
			s[k] = v
		}
		s["path"] = dir
		t := map[string]any{"source": s, "destination": tmpl["destination"]}
		out = append(out, l.argoSources(unit+"["+dir+"]", t)...)
	}
	return out
}

// generatorDirs lists the folders the git directories generators of spec match, minus those
// their exclude entries match.
func (l *loader) generatorDirs(spec map[string]any) []string {
	var include, exclude []string
	gens, _ := spec["generators"].([]any)
	for _, g := range gens {
		gm, _ := g.(map[string]any)
		dirs, _ := mapAt(gm, "git")["directories"].([]any)
		for _, d := range dirs {
			dm, _ := d.(map[string]any)
			if p, ok := localPath("", strAt(dm, "path")); ok && p != "" && doublestar.ValidatePattern(p) {
				if dm["exclude"] == true {
					exclude = append(exclude, p)
				} else {
					include = append(include, p)
				}
			}
		}
	}
	exclude = exclude[:min(len(exclude), maxGlobs)]
	found := map[string]bool{}
	for _, pattern := range include[:min(len(include), maxGlobs)] {
		base, _ := doublestar.SplitPattern(pattern)
		if base == "." {
			base = ""
		}
		for _, f := range l.inv.filesUnder(base) {
			for d := parentDir(f.Path); d != "" && under(d, base) && !found[d]; d = parentDir(d) {
				if matchAny(d, []string{pattern}) && !matchAny(d, exclude) {
					found[d] = true
				}
			}
		}
	}
	out := make([]string, 0, len(found))
	for d := range found {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func matchAny(p string, patterns []string) bool {
	for _, pattern := range patterns {
		if ok, _ := doublestar.Match(pattern, p); ok {
			return true
		}
	}
	return false
}
