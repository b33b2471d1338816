package deps

import (
	"regexp"
	"strings"
)

var (
	gemfileGem = regexp.MustCompile(`^\s*gem\s*\(?\s*['"]([^'"]+)['"]`)
	gemspecDep = regexp.MustCompile(`\.add_(?:runtime_|development_)?dependency\s*\(?\s*['"]([^'"]+)['"]`)
)

// readGemfile reads the `gem 'name'` lines of a Gemfile.
func readGemfile(path string, data []byte) ([]Dependency, error) {
	return readLines(path, data, gemfileGem, Ruby), nil
}

// readGemspec reads add_dependency and its runtime and development forms from a gemspec.
func readGemspec(path string, data []byte) ([]Dependency, error) {
	return readLines(path, data, gemspecDep, Ruby), nil
}

// readLines records the first submatch of re on each line that is not a comment.
func readLines(path string, data []byte, re *regexp.Regexp, eco Ecosystem) []Dependency {
	var out []Dependency
	for i, text := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		if m := re.FindStringSubmatch(text); m != nil {
			out = append(out, Dependency{Name: m[1], Ecosystem: eco, Path: path, Line: i + 1})
		}
	}
	return out
}
