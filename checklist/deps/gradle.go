package deps

import (
	"regexp"
	"strings"
)

// gradleString finds "group:artifact[:version]" dependency notations after a configuration
// name: implementation("g:a:v"), api 'g:a', testImplementation(platform("g:a:v")), classpath …
var gradleString = regexp.MustCompile(`\b[A-Za-z]\w*\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?["']([\w.\-]+):([\w.\-]+)(?::[^"']*)?["']`)

// gradleMap finds the map notation: implementation group: 'g', name: 'a'.
var gradleMap = regexp.MustCompile(`\bgroup\s*[:=]\s*["']([\w.\-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.\-]+)["']`)

// readGradle reads dependency notations from build.gradle and build.gradle.kts, line by line.
func readGradle(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for i, text := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "//") || strings.HasPrefix(t, "*") {
			continue
		}
		for _, m := range gradleString.FindAllStringSubmatch(text, -1) {
			out = append(out, Dependency{Name: m[1] + ":" + m[2], Ecosystem: Maven, Path: path, Line: i + 1})
		}
		for _, m := range gradleMap.FindAllStringSubmatch(text, -1) {
			out = append(out, Dependency{Name: m[1] + ":" + m[2], Ecosystem: Maven, Path: path, Line: i + 1})
		}
	}
	return out, nil
}

var (
	catalogModule = regexp.MustCompile(`\bmodule\s*=\s*["']([\w.\-]+:[\w.\-]+)["']`)
	catalogGroup  = regexp.MustCompile(`\bgroup\s*=\s*["']([\w.\-]+)["']`)
	catalogName   = regexp.MustCompile(`\bname\s*=\s*["']([\w.\-]+)["']`)
	catalogString = regexp.MustCompile(`^["']([\w.\-]+):([\w.\-]+)(?::[^"']*)?["']`)
)

// readVersionCatalog reads the [libraries] of a Gradle version catalog (libs.versions.toml):
// a library declared there is one the build uses through `libs.…`.
func readVersionCatalog(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for _, e := range readTOML(data) {
		if e.table != "libraries" || e.key == "" {
			continue
		}
		if name := catalogCoordinates(e.raw); name != "" {
			out = append(out, Dependency{Name: name, Ecosystem: Maven, Path: path, Line: e.line})
		}
	}
	return out, nil
}

func catalogCoordinates(raw string) string {
	if m := catalogString.FindStringSubmatch(raw); m != nil {
		return m[1] + ":" + m[2]
	}
	if m := catalogModule.FindStringSubmatch(raw); m != nil {
		return m[1]
	}
	g, n := catalogGroup.FindStringSubmatch(raw), catalogName.FindStringSubmatch(raw)
	if g != nil && n != nil {
		return g[1] + ":" + n[1]
	}
	return ""
}
