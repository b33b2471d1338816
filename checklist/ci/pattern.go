package ci

import (
	"regexp"
	"strings"
)

// Pattern is a regular expression matched against the commands CI invokes. It matches a call
// when some match starts in the command word and ends where a word ends, in the call's words
// joined by spaces or in its wrapper and words joined so: `\btrivy\b` matches `trivy image app`
// and `docker run aquasec/trivy:0.50 image app`, not `kubectl logs trivy`; `make\s+check\b`
// matches `make check`, not `make check-clean-work-tree`.
type Pattern struct {
	re, anchored *regexp.Regexp
}

// CompilePattern compiles expr (RE2 syntax) into a Pattern.
func CompilePattern(expr string) (*Pattern, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	anchored, err := regexp.Compile("(?:" + expr + ")$")
	if err != nil {
		return nil, err
	}
	return &Pattern{re: re, anchored: anchored}, nil
}

// maxMatchedWords bounds the words of one call a pattern is tried against.
const maxMatchedWords = 64

// Invokes returns the first call of r that p matches. A Raw reference matches when p matches
// its text anywhere; the returned Call is then empty.
func (r Ref) Invokes(p *Pattern) (Call, bool) {
	if r.Raw {
		return Call{}, p.re.MatchString(r.Text)
	}
	for _, c := range r.Calls {
		if p.matchWords(c.Words) || len(c.Wrapper) > 0 && p.matchWords(append(append([]string(nil), c.Wrapper...), c.Words...)) {
			return c, true
		}
	}
	return Call{}, false
}

func (p *Pattern) matchWords(words []string) bool {
	if len(words) == 0 {
		return false
	}
	words = words[:min(len(words), maxMatchedWords)]
	text := strings.Join(words, " ")
	first := len(words[0])
	loc := p.re.FindStringIndex(text)
	if loc == nil || loc[0] >= first {
		return false
	}
	if loc[1] == len(text) || text[loc[1]] == ' ' {
		return true
	}
	end := 0
	for _, w := range words {
		end += len(w)
		if end > loc[0] {
			if l := p.anchored.FindStringIndex(text[:end]); l != nil && l[0] < first {
				return true
			}
		}
		end++
	}
	return false
}

// Exports reports whether the call is an image build that writes files rather than an image:
// `docker build --output type=local,dest=out .` or `docker buildx build -o out .`.
func (c Call) Exports() bool {
	w := c.Words
	if len(w) < 2 || w[0] != "docker" && w[0] != "podman" {
		return false
	}
	exports := false
	for i, a := range w {
		switch {
		case a == "--push" || a == "--load":
			return false
		case a == "-o" || a == "--output":
			exports = i+1 < len(w) && !imageOutput(w[i+1])
		case strings.HasPrefix(a, "--output="):
			exports = !imageOutput(strings.TrimPrefix(a, "--output="))
		}
	}
	return exports
}

func imageOutput(spec string) bool {
	return strings.Contains(spec, "type=image") || strings.Contains(spec, "type=registry") || strings.Contains(spec, "type=docker") || strings.Contains(spec, "type=oci")
}
