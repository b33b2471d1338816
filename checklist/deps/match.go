package deps

import (
	"errors"
	"strings"
)

// Pattern matches dependency names: exactly, or as a prefix when written with a trailing "*".
// Names compare case-insensitively; Python names compare after PEP 503 normalisation.
type Pattern struct {
	text   string
	prefix bool
}

// ParsePattern validates a pattern: non-empty, with "*" only as its last character.
func ParsePattern(s string) (Pattern, error) {
	text, prefix := strings.CutSuffix(strings.TrimSpace(s), "*")
	switch {
	case text == "" && !prefix:
		return Pattern{}, errors.New("empty pattern")
	case text == "":
		return Pattern{}, errors.New(`pattern "*" would match every dependency`)
	case strings.Contains(text, "*"):
		return Pattern{}, errors.New(`"*" is allowed only at the end of a pattern`)
	}
	return Pattern{text: strings.ToLower(text), prefix: prefix}, nil
}

// String returns the pattern as written, normalised to lower case.
func (p Pattern) String() string {
	if p.prefix {
		return p.text + "*"
	}
	return p.text
}

// Match reports whether d's name matches the pattern.
func (p Pattern) Match(d Dependency) bool {
	name, text := strings.ToLower(d.Name), p.text
	if d.Ecosystem == Python {
		name, text = NormalizePython(name), NormalizePython(text)
	}
	if p.prefix {
		return strings.HasPrefix(name, text)
	}
	return name == text
}

// Find returns the first dependency, in path and file order, that matches any pattern.
func (s *Set) Find(patterns []Pattern) (Dependency, Pattern, bool) {
	for _, d := range s.Dependencies {
		for _, p := range patterns {
			if p.Match(d) {
				return d, p, true
			}
		}
	}
	return Dependency{}, Pattern{}, false
}
