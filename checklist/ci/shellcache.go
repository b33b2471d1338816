package ci

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// maxShellTotal bounds the work of the shell parser in one Parse, as the shellCost of the
// scripts it reads; scripts past it are read by the word splitter. Reading a script allocates
// 10 to 85 times its cost (pipelines of one-letter commands are the worst measured), so the
// bound keeps a repository's shell parsing under about 180 MiB.
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
	if len(src) <= maxShellSource && strings.Count(src, "(") <= maxShellParens {
		if cost := shellCost(src); cost <= c.left {
			c.left -= cost
			if end, ok := c.shell(calls, src, dir, depth, line); ok {
				return end
			}
		}
	}
	return fallbackCalls(calls, src, dir, line)
}

// shell reads src with the shell parser; it adds nothing and reports false when the parser
// rejects src or its words would copy too much.
func (c *shellCache) shell(calls *[]Call, src, dir string, depth, line int) (string, bool) {
	if c.parser == nil {
		c.parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash))
	}
	masked, exprs := maskExpressions(src)
	f, err := c.parser.Parse(strings.NewReader(masked), "")
	if err != nil {
		return "", false
	}
	s := &shellReader{src: masked, exprs: exprs, dir: dir, depth: depth, calls: calls, line: line, cache: c,
		copyLeft: wordCopyFactor*len(masked) + wordCopySlack}
	start := len(*calls)
	for _, st := range f.Stmts {
		s.walk(st)
	}
	if s.overflow {
		*calls = (*calls)[:start]
		return "", false
	}
	return s.dir, true
}

// shellCost is the bytes of src plus three for each operator byte, since each operator starts
// syntax nodes: without them, `a;a;a;…` would cost the parser three times what `go test` does.
func shellCost(src string) int {
	n := len(src)
	for i := 0; i < len(src); i++ {
		if shellOperator[src[i]] {
			n += 3
		}
	}
	return n
}

var shellOperator = func() (t [256]bool) {
	for _, b := range []byte(";|&\n$(){}<>`") {
		t[b] = true
	}
	return t
}()
