package deps

import "strings"

// readCargo reads the dependency tables of Cargo.toml: [dependencies], [dev-dependencies],
// [build-dependencies], their [target.*] and [workspace] forms, and [dependencies.NAME] tables.
func readCargo(path string, data []byte) ([]Dependency, error) {
	var out []Dependency
	for _, e := range readTOML(data) {
		switch {
		case e.key == "":
			if table, name, ok := cutLast(e.table); ok && cargoTable(table) {
				out = append(out, Dependency{Name: name, Ecosystem: Cargo, Path: path, Line: e.line})
			}
		case cargoTable(e.table):
			out = append(out, Dependency{Name: firstKeyPart(e.key), Ecosystem: Cargo, Path: path, Line: e.line})
		}
	}
	return out, nil
}

func cargoTable(table string) bool {
	last := table
	if i := strings.LastIndex(table, "."); i >= 0 {
		last = table[i+1:]
	}
	return last == "dependencies" || last == "dev-dependencies" || last == "build-dependencies"
}

// cutLast splits "a.b.c" into "a.b" and "c".
func cutLast(table string) (string, string, bool) {
	i := strings.LastIndex(table, ".")
	if i < 0 {
		return "", "", false
	}
	return table[:i], table[i+1:], true
}
