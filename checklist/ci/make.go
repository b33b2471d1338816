package ci

import (
	"regexp"
	"strings"
)

// makefile is the part of a Makefile the expander needs: simple variables and explicit rules.
type makefile struct {
	path  string
	vars  map[string]string
	rules map[string]*rule
	first string
}

type rule struct {
	prereqs []string
	recipe  []line
}

var (
	makeAssign = regexp.MustCompile(`^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*([?:+!]*)=\s*(.*)$`)
	makeRef    = regexp.MustCompile(`\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]`)
)

// makeDirectives start lines that are neither rules nor assignments.
var makeDirectives = []string{"ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude", "vpath", "unexport", "$("}

// parseMakefile reads assignments and rules; recipe lines keep their line numbers.
func parseMakefile(path string, data []byte) *makefile {
	mf := &makefile{path: path, vars: map[string]string{}, rules: map[string]*rule{}}
	lines := strings.Split(string(data), "\n")
	var cur []*rule
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		if strings.HasPrefix(raw, "\t") {
			text, end := joinContinued(lines, i)
			for _, r := range cur {
				r.recipe = append(r.recipe, line{text, i + 1, 0})
			}
			i = end
			continue
		}
		text, end := joinContinued(lines, i)
		i = end
		text = strings.TrimSpace(stripMakeComment(text))
		switch {
		case text == "" || isDirective(text):
		case strings.HasPrefix(text, "define "):
			i = skipDefine(lines, i)
			cur = nil
		case makeAssign.MatchString(text):
			mf.assign(makeAssign.FindStringSubmatch(text))
			cur = nil
		default:
			cur = mf.rule(text, i+1)
		}
	}
	return mf
}

// joinContinued joins line i with the lines its trailing backslashes continue onto.
func joinContinued(lines []string, i int) (string, int) {
	text := strings.TrimLeft(lines[i], "\t")
	for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
		i++
		text = strings.TrimSpace(strings.TrimSuffix(text, "\\")) + " " + strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(text), i
}

func stripMakeComment(s string) string {
	if k := strings.Index(s, "#"); k >= 0 {
		return s[:k]
	}
	return s
}

func isDirective(text string) bool {
	for _, d := range makeDirectives {
		if text == d || strings.HasPrefix(text, d+" ") || strings.HasPrefix(text, d+"(") || d == "$(" && strings.HasPrefix(text, d) {
			return true
		}
	}
	return false
}

func skipDefine(lines []string, i int) int {
	for i++; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "endef" {
			return i
		}
	}
	return i
}

func (mf *makefile) assign(m []string) {
	name, op, value := m[1], m[2], strings.TrimSpace(m[3])
	switch {
	case op == "+" && mf.vars[name] != "":
		mf.vars[name] += " " + value
	case op == "?" && mf.vars[name] != "":
	default:
		mf.vars[name] = value
	}
}

// rule records the targets of a rule line and returns them as the rules recipe lines feed.
func (mf *makefile) rule(text string, lineNo int) []*rule {
	targets, rest, ok := strings.Cut(text, ":")
	if !ok || strings.HasPrefix(rest, "=") || strings.ContainsAny(targets, "=") {
		return nil
	}
	prereqText, inline, _ := strings.Cut(strings.TrimPrefix(rest, ":"), ";")
	prereqText, _, _ = strings.Cut(prereqText, "|")
	var cur []*rule
	for _, t := range strings.Fields(targets) {
		if strings.Contains(t, "%") || strings.HasPrefix(t, ".") || strings.Contains(t, "$") {
			continue
		}
		if mf.first == "" {
			mf.first = t
		}
		r := mf.rules[t]
		if r == nil {
			r = &rule{}
			mf.rules[t] = r
		}
		for _, p := range strings.Fields(prereqText) {
			if !strings.Contains(p, "=") {
				r.prereqs = append(r.prereqs, p)
			}
		}
		if s := strings.TrimSpace(inline); s != "" {
			r.recipe = append(r.recipe, line{s, lineNo, 0})
		}
		cur = append(cur, r)
	}
	return cur
}

// maxExpansion bounds the length of an expanded recipe line, and maxSubstitutions the
// variable references expanded for one line, so self-referencing variables stay cheap.
const (
	maxExpansion     = 8 << 10
	maxSubstitutions = 256
)

// expandVars substitutes $(VAR) and ${VAR} from simple assignments, $(MAKE) with make, and $$.
// It returns the recipe line as make runs it, and the same line for the shell parser, where
// references make could not resolve become ${VAR} parameters rather than command substitutions.
func (mf *makefile) expandVars(s string) (text, shell string) {
	budget := maxSubstitutions
	raw := strings.ReplaceAll(mf.substitute(s, 0, &budget), "$$", "\x00")
	shell = makeRef.ReplaceAllString(raw, "$${$1}")
	return strings.ReplaceAll(raw, "\x00", "$"), strings.ReplaceAll(shell, "\x00", "$")
}

func (mf *makefile) substitute(s string, depth int, budget *int) string {
	if depth > 5 || len(s) > maxExpansion {
		return s
	}
	out := makeRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := makeRef.FindStringSubmatch(ref)[1]
		v, ok := mf.vars[name]
		switch {
		case name == "MAKE":
			return "make"
		case !ok || *budget <= 0:
			return ref
		}
		*budget--
		return mf.substitute(v, depth+1, budget)
	})
	if len(out) > maxExpansion {
		return out[:maxExpansion]
	}
	return out
}

// makeCall follows `make [flags] [targets]` into the Makefile's recipes.
func (x *expander) makeCall(r Ref, dir string, args []string) {
	mdir, file, targets := makeArgs(args)
	dir = cleanDir(dir, mdir)
	mf := x.makefile(dir, file)
	if mf == nil {
		return
	}
	if len(targets) == 0 && mf.first != "" {
		targets = []string{mf.first}
	}
	for _, t := range targets {
		x.target(r, mf, dir, t, "make "+t, 0)
	}
}

// target adds the recipe of t, after those of its prerequisites, once per Makefile target.
func (x *expander) target(r Ref, mf *makefile, dir, t, call string, depth int) {
	key := "make:" + mf.path + ":" + t
	rl, ok := mf.rules[t]
	if !ok || x.done[key] || depth > 8 {
		return
	}
	x.done[key] = true
	for _, p := range rl.prereqs {
		x.target(r, mf, dir, p, call, depth+1)
	}
	for _, l := range rl.recipe {
		text, shell := mf.expandVars(l.text)
		text, shell = strings.TrimLeft(text, "@-+ "), strings.TrimLeft(shell, "@-+ ")
		if text != "" {
			x.p.line(Ref{Text: text, Path: mf.path, Line: l.line, System: r.System, Dir: dir, Via: via(r, call), Origin: r.Origin}, shell)
		}
	}
}

// makeArgs separates make's -C directory, -f file and targets from its other arguments.
func makeArgs(args []string) (dir, file string, targets []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case a == "-C" || a == "--directory":
			dir = next()
		case strings.HasPrefix(a, "--directory="):
			dir = strings.TrimPrefix(a, "--directory=")
		case strings.HasPrefix(a, "-C"):
			dir = a[2:]
		case a == "-f" || a == "--file" || a == "--makefile":
			file = next()
		case strings.HasPrefix(a, "--file=") || strings.HasPrefix(a, "--makefile="):
			_, file, _ = strings.Cut(a, "=")
		case a == "-j" || a == "-l":
			if i+1 < len(args) && strings.Trim(args[i+1], "0123456789.") == "" {
				i++
			}
		case a == "-o" || a == "-W" || a == "-I":
			next()
		case strings.HasPrefix(a, "-") || strings.Contains(a, "="):
		default:
			targets = append(targets, a)
		}
	}
	return dir, file, targets
}

// makefile returns the parsed Makefile make would read in dir, or nil. Lookups are memoised:
// a script may call make thousands of times.
func (x *expander) makefile(dir, file string) *makefile {
	key := makeLookup{dir, file}
	if mf, ok := x.makeLookups[key]; ok {
		return mf
	}
	mf := x.findMakefile(dir, file)
	x.makeLookups[key] = mf
	return mf
}

func (x *expander) findMakefile(dir, file string) *makefile {
	names := []string{"GNUmakefile", "makefile", "Makefile"}
	if file != "" {
		names = []string{file}
	}
	f, ok := x.findFile(dir, names...)
	if !ok {
		return nil
	}
	if mf, ok := x.makefiles[f.Path]; ok {
		return mf
	}
	var mf *makefile
	if data, ok := x.readQuiet(f); ok {
		mf = parseMakefile(f.Path, data)
	}
	x.makefiles[f.Path] = mf
	return mf
}
