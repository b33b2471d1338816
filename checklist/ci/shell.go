package ci

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Bounds on reading one script as shell. Longer or more deeply nestable scripts, and scripts
// the parser rejects, are read line by line with a word splitter instead.
const (
	maxShellSource = 256 << 10
	maxShellParens = 4096
	maxShellCalls  = 10_000
	maxNestedShell = 3
)

// Call is one simple command a script runs.
type Call struct {
	// Words are the command name and its arguments, unquoted; expansions stay as written.
	Words []string
	// Wrapper is what the command runs under, such as [npx] or [docker run IMAGE]; nil when it
	// is invoked directly or under a wrapper that says nothing about it (sudo, env, sh -c).
	Wrapper []string
	// Dir is the working directory after `cd`, relative to the repository root.
	Dir string
	// line is the 1-based line of the script where the call starts.
	line int
}

// ghExpression matches a GitHub Actions expression, which is not shell.
var ghExpression = regexp.MustCompile(`\$\{\{.*?\}\}`)

// exprPlaceholder stands in for a GitHub expression while the script is parsed.
var exprPlaceholder = regexp.MustCompile(`PRCEXPR([0-9]+)X`)

// shellReader collects the calls of one script.
type shellReader struct {
	src   string
	exprs []string
	dir   string
	depth int
	calls *[]Call
	line  int // when > 0, every call is reported at this line (nested sh -c strings)
	cache *shellCache
	// copyLeft is how many more bytes of expansions may be copied into words; overflow is set
	// when a word needed more.
	copyLeft int
	overflow bool
}

// Words keep expansions as written, so text nested n substitutions deep is copied n times.
// A script may copy wordCopyFactor times its length plus wordCopySlack bytes into words;
// past that it is read by the word splitter.
const (
	wordCopyFactor = 8
	wordCopySlack  = 64 << 10
)

// charge takes n bytes from the copy budget, reporting whether they were there.
func (s *shellReader) charge(n int) bool {
	if n > s.copyLeft {
		s.overflow = true
		return false
	}
	s.copyLeft -= n
	return true
}

// maskExpressions replaces GitHub expressions with placeholders the shell parser reads as words.
func maskExpressions(src string) (string, []string) {
	if !strings.Contains(src, "${{") {
		return src, nil
	}
	var exprs []string
	masked := ghExpression.ReplaceAllStringFunc(src, func(e string) string {
		exprs = append(exprs, e)
		return fmt.Sprintf("PRCEXPR%dX", len(exprs)-1)
	})
	return masked, exprs
}

func (s *shellReader) unmask(w string) string {
	if len(s.exprs) == 0 || !strings.Contains(w, "PRCEXPR") || !s.charge(len(w)) {
		return w
	}
	return exprPlaceholder.ReplaceAllStringFunc(w, func(p string) string {
		i, err := strconv.Atoi(exprPlaceholder.FindStringSubmatch(p)[1])
		if err != nil || i >= len(s.exprs) {
			return p
		}
		return s.exprs[i]
	})
}

// walk visits the calls under n in source order. A subshell or command substitution keeps its
// `cd` to itself.
func (s *shellReader) walk(n syntax.Node) {
	syntax.Walk(n, func(n syntax.Node) bool {
		if s.overflow {
			return false
		}
		switch n := n.(type) {
		case *syntax.Subshell:
			s.scoped(n.Stmts)
			return false
		case *syntax.CmdSubst:
			s.scoped(n.Stmts)
			return false
		case *syntax.ProcSubst:
			s.scoped(n.Stmts)
			return false
		case *syntax.CallExpr:
			s.call(n)
		}
		return len(*s.calls) < maxShellCalls
	})
}

func (s *shellReader) scoped(stmts []*syntax.Stmt) {
	dir := s.dir
	for _, st := range stmts {
		s.walk(st)
	}
	s.dir = dir
}

// call records one simple command; `cd` changes the directory of the calls after it.
func (s *shellReader) call(c *syntax.CallExpr) {
	if len(c.Args) == 0 {
		return
	}
	words := make([]string, len(c.Args))
	for i, w := range c.Args {
		words[i] = s.word(w)
	}
	line := int(c.Args[0].Pos().Line())
	if s.line > 0 {
		line = s.line
	}
	if words[0] == "cd" {
		s.cd(words[1:])
		return
	}
	s.invoke(words, line)
}

func (s *shellReader) cd(args []string) {
	switch {
	case len(args) == 0:
		s.dir = ""
	case args[0] != "-":
		s.dir = cleanDir(s.dir, args[0])
	}
}

// word reconstructs a shell word: quotes removed, expansions as written.
func (s *shellReader) word(w *syntax.Word) string {
	if len(w.Parts) == 1 {
		if text, ok := s.whole(w.Parts[0], false); ok {
			return s.unmask(text)
		}
	}
	var b strings.Builder
	for _, p := range w.Parts {
		s.part(&b, p, false)
	}
	return s.unmask(b.String())
}

func (s *shellReader) part(b *strings.Builder, p syntax.WordPart, quoted bool) {
	switch p := p.(type) {
	case *syntax.Lit:
		b.WriteString(unescape(p.Value, quoted))
	case *syntax.SglQuoted:
		b.WriteString(p.Value)
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			s.part(b, q, true)
		}
	default:
		if text := s.written(p); s.charge(len(text)) {
			b.WriteString(text)
		}
	}
}

// whole returns the text of a word made of part p alone without copying an expansion, or
// false when p has several parts.
func (s *shellReader) whole(p syntax.WordPart, quoted bool) (string, bool) {
	switch p := p.(type) {
	case *syntax.Lit:
		return unescape(p.Value, quoted), true
	case *syntax.SglQuoted:
		return p.Value, true
	case *syntax.DblQuoted:
		switch len(p.Parts) {
		case 0:
			return "", true
		case 1:
			return s.whole(p.Parts[0], true)
		}
		return "", false
	}
	return s.written(p), true
}

// written returns an expansion as written in the script.
func (s *shellReader) written(p syntax.WordPart) string {
	if start, end := int(p.Pos().Offset()), int(p.End().Offset()); start <= end && end <= len(s.src) {
		return s.src[start:end]
	}
	return ""
}

// unescape removes the backslashes of a literal: before any character outside double quotes,
// before $, `, ", \ and newline inside them.
func unescape(lit string, quoted bool) string {
	if !strings.Contains(lit, "\\") {
		return lit
	}
	var b strings.Builder
	for i := 0; i < len(lit); i++ {
		if lit[i] == '\\' && i+1 < len(lit) && (!quoted || strings.IndexByte("$`\"\\\n", lit[i+1]) >= 0) {
			i++
		}
		b.WriteByte(lit[i])
	}
	return b.String()
}

// nested reads the script of `sh -c '…'`, reporting its calls at the line of the outer call.
func (s *shellReader) nested(script string, line int) {
	if s.depth >= maxNestedShell {
		return
	}
	s.cache.parse(s.calls, script, s.dir, s.depth+1, line)
}

// add records a call unless it only installs, downloads, prints or asks for a version.
func (s *shellReader) add(c Call) {
	if len(c.Words) == 0 || len(*s.calls) >= maxShellCalls || !runsSomething(c.Words) {
		return
	}
	c.Dir = s.dir
	*s.calls = append(*s.calls, c)
}

// shellKeywords start fallback segments without being commands.
var shellKeywords = map[string]bool{"if": true, "then": true, "else": true, "elif": true, "fi": true,
	"do": true, "done": true, "while": true, "until": true, "!": true, "{": true, "}": true, "time": true}

// fallbackCalls splits a script the parser could not read into words, line by line.
func fallbackCalls(calls *[]Call, src, dir string, line int) string {
	s := &shellReader{dir: dir, depth: maxNestedShell, calls: calls}
	for i, l := range strings.Split(src, "\n") {
		if len(*calls) >= maxShellCalls {
			break
		}
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		at := i + 1
		if line > 0 {
			at = line
		}
		for _, words := range segments(l) {
			for len(words) > 0 && shellKeywords[words[0]] {
				words = words[1:]
			}
			if len(words) > 0 && words[0] == "cd" {
				s.cd(words[1:])
			} else if len(words) > 0 {
				s.invoke(words, at)
			}
		}
	}
	return s.dir
}
