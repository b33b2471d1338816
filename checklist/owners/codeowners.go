package owners

import (
	"bufio"
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// CodeownersPaths are where GitHub looks for CODEOWNERS, in the order it looks: the first one
// that exists is used.
var CodeownersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// Rule is one CODEOWNERS line: a pattern and the valid handles it names.
type Rule struct {
	Pattern string
	Owners  []string
	glob    string // a doublestar pattern
	// all is set for a pattern that matches every path, the repository root included.
	all bool
}

// Codeowners is a parsed CODEOWNERS file; the last matching rule wins.
type Codeowners struct {
	Rules []Rule
}

// ParseCodeowners reads a CODEOWNERS file. Comments and blank lines are skipped; lines whose
// pattern GitHub would reject (negation, character ranges) are ignored, as GitHub ignores them;
// email addresses and malformed handles are dropped from a rule's owners.
func ParseCodeowners(data []byte) Codeowners {
	var c Codeowners
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(stripComment(sc.Text()))
		if len(fields) == 0 {
			continue
		}
		rule, ok := compile(fields[0])
		if !ok {
			continue
		}
		rule.Owners = keepValid(fields[1:])
		c.Rules = append(c.Rules, rule)
	}
	return c
}

// stripComment drops a comment: a '#' that starts the line or follows a space. "\#" at the
// start of a pattern is a literal '#'.
func stripComment(line string) string {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "#") {
		return ""
	}
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, "\t#"); i >= 0 {
		line = line[:i]
	}
	return strings.Replace(line, `\#`, "#", 1)
}

// Owners returns the handles of the last rule matching the directory dir ("" or "." for the
// repository root), and whether any rule matched. A rule matches a directory when it matches it
// or one of its parents, or names everything directly or anywhere beneath it ("dir/*",
// "dir/**"). A matching rule without owners leaves the directory unowned.
func (c Codeowners) Owners(dir string) ([]string, bool) {
	dir = strings.Trim(strings.TrimPrefix(dir, "./"), "/")
	if dir == "." {
		dir = ""
	}
	for i := len(c.Rules) - 1; i >= 0; i-- {
		if c.Rules[i].matches(dir) {
			return c.Rules[i].Owners, true
		}
	}
	return nil, false
}

func (r Rule) matches(dir string) bool {
	if r.all {
		return true
	}
	if dir == "" {
		return false
	}
	for p := dir; ; {
		if doublestar.MatchUnvalidated(r.glob, p) {
			return true
		}
		i := strings.LastIndex(p, "/")
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// compile turns a CODEOWNERS pattern into a rule, with gitignore's semantics as GitHub
// documents them: a leading or inner '/' anchors the pattern at the root, otherwise it matches
// at any depth; '*' and '?' stay within a path segment and a '**' segment crosses them.
func compile(pattern string) (Rule, bool) {
	if strings.HasPrefix(pattern, "!") || strings.ContainsAny(pattern, "[]\\") {
		return Rule{}, false
	}
	body := strings.TrimSuffix(pattern, "/")
	anchored := strings.Contains(body, "/")
	body = strings.TrimPrefix(body, "/")
	for _, child := range []string{"/**", "/*"} {
		if b, ok := strings.CutSuffix(body, child); ok {
			body = b
			break
		}
	}
	rule := Rule{Pattern: pattern}
	if body == "" || body == "**" || (body == "*" && !anchored) || pattern == "/*" {
		rule.all = true
		return rule, true
	}
	if !anchored && !strings.HasPrefix(body, "**/") {
		body = "**/" + body
	}
	// Braces are literal in CODEOWNERS; doublestar would read them as alternatives.
	glob := strings.NewReplacer("{", `\{`, "}", `\}`).Replace(body)
	if !utf8.ValidString(glob) || !doublestar.ValidatePattern(glob) {
		return Rule{}, false
	}
	rule.glob = glob
	return rule, true
}
