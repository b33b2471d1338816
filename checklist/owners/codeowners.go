package owners

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
)

// CodeownersPaths are where GitHub looks for CODEOWNERS, in the order it looks: the first one
// that exists is used.
var CodeownersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// Rule is one CODEOWNERS line: a pattern and the valid handles it names.
type Rule struct {
	Pattern string
	Owners  []string
	re      *regexp.Regexp
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
		if r.re.MatchString(p) {
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
// at any depth; '*' and '?' stay within a path segment and '**' crosses them.
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
	expr := "^"
	if !anchored && !strings.HasPrefix(body, "**/") {
		expr += "(?:.*/)?"
	}
	re, err := regexp.Compile(expr + globRegexp(body) + "$")
	if err != nil { // such as a pattern that is not UTF-8
		return Rule{}, false
	}
	rule.re = re
	return rule, true
}

// globRegexp translates a glob without character ranges into a regular expression.
func globRegexp(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case glob[i] == '*':
			b.WriteString("[^/]*")
		case glob[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	return b.String()
}
