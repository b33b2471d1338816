package ci

import (
	"strings"

	"github.com/prchq/prc/checklist/deps"
)

// scriptDef is one package.json script.
type scriptDef struct {
	text string
	line int
}

// npmAliases maps npm subcommands that run a script to that script; "" means the script name
// follows as the next argument.
var npmAliases = map[string]string{
	"run": "", "run-script": "", "rum": "", "urn": "",
	"test": "test", "t": "test", "tst": "test", "start": "start", "stop": "stop", "restart": "restart",
}

// scriptCall follows `npm run X`, `npm test`, `yarn [run] X` and `pnpm [run] X` into the text of
// package.json script X, with its pre and post scripts.
func (x *expander) scriptCall(r Ref, dir, tool string, args []string) {
	prefix, words := scriptArgs(args)
	if len(words) == 0 {
		return
	}
	dir = cleanDir(dir, prefix)
	name := ""
	switch alias, ok := npmAliases[words[0]]; {
	case ok && alias != "":
		name = alias
	case ok:
		if len(words) > 1 {
			name = words[1]
		}
	case tool != "npm":
		name = words[0]
	}
	if name == "" {
		return
	}
	scripts := x.packageScripts(dir)
	for _, n := range []string{"pre" + name, name, "post" + name} {
		x.script(r, dir, scripts, n, tool)
	}
}

func (x *expander) script(r Ref, dir string, scripts map[string]scriptDef, name, tool string) {
	s, ok := scripts[name]
	key := "script:" + dir + ":" + name
	if !ok || x.done[key] {
		return
	}
	x.done[key] = true
	f, _ := x.findFile(dir, "package.json")
	for _, l := range strings.Split(s.text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			x.p.line(Ref{Text: l, Path: f.Path, Line: s.line, System: r.System, Dir: dir, Via: via(r, tool+" run "+name), Origin: r.Origin}, l)
		}
	}
}

// scriptArgs separates the directory options (--prefix, --cwd, -C, --dir) from the rest, and
// drops other flags.
func scriptArgs(args []string) (dir string, words []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--prefix" || a == "--cwd" || a == "-C" || a == "--dir":
			if i+1 < len(args) {
				i++
				dir = args[i]
			}
		case strings.HasPrefix(a, "--prefix=") || strings.HasPrefix(a, "--cwd=") || strings.HasPrefix(a, "--dir="):
			_, dir, _ = strings.Cut(a, "=")
		case a == "--filter" || a == "-F" || a == "--workspace" || a == "-w":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	return dir, words
}

// packageScripts returns the scripts of dir/package.json, or nil.
func (x *expander) packageScripts(dir string) map[string]scriptDef {
	if s, ok := x.scripts[dir]; ok {
		return s
	}
	var out map[string]scriptDef
	if f, ok := x.findFile(dir, "package.json"); ok {
		if data, ok := x.readQuiet(f); ok {
			if objs, err := deps.JSONObjects(data, "scripts"); err == nil {
				out = map[string]scriptDef{}
				for _, e := range objs["scripts"] {
					out[e.Key] = scriptDef{text: e.Value, line: e.Line}
				}
			}
		}
	}
	x.scripts[dir] = out
	return out
}
