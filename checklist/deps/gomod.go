package deps

import (
	"strings"
)

// readGoMod reads the require directives of go.mod, single and in blocks. Indirect requirements
// are left out: they are what dependencies need, not what the module uses.
func readGoMod(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	inBlock := false
	for i, raw := range strings.Split(string(data), "\n") {
		text, comment, _ := strings.Cut(raw, "//")
		fields := strings.Fields(text)
		switch {
		case inBlock && len(fields) > 0 && fields[0] == ")":
			inBlock = false
			continue
		case len(fields) >= 2 && fields[0] == "require" && fields[1] == "(":
			inBlock = true
			continue
		case len(fields) >= 2 && fields[0] == "require":
			fields = fields[1:]
		case !inBlock || len(fields) == 0:
			continue
		}
		if strings.Contains(comment, "indirect") {
			continue
		}
		name := strings.Trim(fields[0], `"`)
		out = append(out, Dependency{Name: name, Ecosystem: Go, Path: path, Line: i + 1})
	}
	return out, nil
}
