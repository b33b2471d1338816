package deps

import (
	"regexp"
	"strings"
)

// pep508Name is the distribution name at the start of a PEP 508 requirement.
var pep508Name = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`)

// eggName is the name in a `#egg=name` fragment of a URL requirement.
var eggName = regexp.MustCompile(`[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)

// NormalizePython applies PEP 503 to a Python distribution name: lower case, and every run of
// "-", "_" and "." becomes one "-".
func NormalizePython(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// readRequirements reads a pip requirements file: one requirement a line; options, includes and
// comments are skipped; editable and URL requirements count by their #egg= name.
func readRequirements(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for i, raw := range strings.Split(string(data), "\n") {
		text := strings.TrimSpace(raw)
		if k := strings.Index(text, " #"); k >= 0 {
			text = strings.TrimSpace(text[:k])
		}
		if text == "" || text[0] == '#' {
			continue
		}
		if name := requirementName(text); name != "" {
			out = append(out, Dependency{Name: name, Ecosystem: Python, Path: path, Line: i + 1})
		}
	}
	return out, nil
}

// requirementName returns the distribution a requirements line installs, or "".
func requirementName(text string) string {
	before, _, _ := strings.Cut(text, " @ ")
	if text[0] != '-' && !strings.Contains(before, "://") {
		if m := pep508Name.FindStringSubmatch(text); m != nil {
			return m[1]
		}
		return ""
	}
	if m := eggName.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// readPyproject reads PEP 621 dependencies and optional dependencies, PEP 735 dependency
// groups, Poetry dependencies and groups, and uv/PDM development dependencies.
func readPyproject(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for _, e := range readTOML(data) {
		switch {
		case e.key == "":
		case pep621List(e.table, e.key):
			out = append(out, requirementStrings(path, e.strs)...)
		case poetryTable(e.table) && firstKeyPart(e.key) != "python":
			out = append(out, Dependency{Name: firstKeyPart(e.key), Ecosystem: Python, Path: path, Line: e.line})
		}
	}
	return out, nil
}

// pep621List reports whether table.key holds a list of PEP 508 requirement strings.
func pep621List(table, key string) bool {
	switch table {
	case "project":
		return key == "dependencies"
	case "project.optional-dependencies", "dependency-groups", "tool.pdm.dev-dependencies":
		return true
	case "tool.uv":
		return key == "dev-dependencies"
	}
	return false
}

// poetryTable reports whether a table maps Poetry dependency names to constraints.
func poetryTable(table string) bool {
	if table == "tool.poetry.dependencies" || table == "tool.poetry.dev-dependencies" {
		return true
	}
	rest, ok := strings.CutPrefix(table, "tool.poetry.group.")
	return ok && strings.HasSuffix(rest, ".dependencies")
}

func requirementStrings(path string, strs []tomlString) []Dependency {
	var out []Dependency
	for _, s := range strs {
		if m := pep508Name.FindStringSubmatch(s.value); m != nil {
			out = append(out, Dependency{Name: m[1], Ecosystem: Python, Path: path, Line: s.line})
		}
	}
	return out
}

// readPipfile reads the [packages] and [dev-packages] tables of a Pipfile.
func readPipfile(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for _, e := range readTOML(data) {
		if e.key != "" && (e.table == "packages" || e.table == "dev-packages") {
			out = append(out, Dependency{Name: firstKeyPart(e.key), Ecosystem: Python, Path: path, Line: e.line})
		}
	}
	return out, nil
}
