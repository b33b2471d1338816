package ci

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// maxShellTotal bounds the bytes of script text one Parse hands to the shell parser; scripts
// past it are read by the word splitter.
const maxShellTotal = 2 << 20

// shellCache reads the scripts of one repository. Each distinct script is read once (YAML
// aliases can repeat one script thousands of times), one shell parser serves them all, and
// the text it parses is bounded by maxShellTotal.
type shellCache struct {
	parser *syntax.Parser
	memo   map[shellKey]shellResult
	left   int
}

// shellKey is a script, the directory it starts in, and whether it is read as shell.
type shellKey struct {
	src, dir string
	sh       bool
}

type shellResult struct {
	calls []Call
	end   string
}

func newShellCache() *shellCache {
	return &shellCache{memo: map[shellKey]shellResult{}, left: maxShellTotal}
}

// read adds the calls of script src run in dir to calls, read as shell when sh is true and by
// the word splitter otherwise, and returns the directory the script ends in. It never fails.
func (c *shellCache) read(calls *[]Call, src, dir string, sh bool) string {
	key := shellKey{src, dir, sh}
	if r, ok := c.memo[key]; ok {
		*calls = append(*calls, r.calls...)
		return r.end
	}
	start := len(*calls)
	var end string
	if sh {
		end = c.parse(calls, src, dir, 0, 0)
	} else {
		end = fallbackCalls(calls, src, dir, 0)
	}
	c.memo[key] = shellResult{(*calls)[start:len(*calls):len(*calls)], end}
	return end
}

// parse adds the calls of src to calls and returns the directory the script ends in. Calls of
// a nested script (depth > 0) are reported at line.
func (c *shellCache) parse(calls *[]Call, src, dir string, depth, line int) string {
	if len(src) <= maxShellSource && len(src) <= c.left && strings.Count(src, "(") <= maxShellParens {
		c.left -= len(src)
		masked, exprs := maskExpressions(src)
		if c.parser == nil {
			c.parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash))
		}
		f, err := c.parser.Parse(strings.NewReader(masked), "")
		if err == nil {
			s := &shellReader{src: masked, exprs: exprs, dir: dir, depth: depth, calls: calls, line: line, cache: c}
			for _, st := range f.Stmts {
				s.walk(st)
			}
			return s.dir
		}
	}
	return fallbackCalls(calls, src, dir, line)
}
