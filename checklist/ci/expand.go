package ci

import (
	"fmt"
	"path"
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// Bounds on following what CI calls: the depth of chains such as make → script → npm run →
// make, the bytes read from Makefiles, scripts and package.json files, and the commands kept.
const (
	maxExpandDepth = 6
	maxFollowBytes = 8 << 20
	maxCommands    = 50_000
)

// expander follows commands that call `make TARGET`, a package.json script, a repository
// script or skaffold into the recipe, script or configuration they run, adding those lines as
// commands. Each target, script and file is followed once.
type expander struct {
	p         *parser
	makefiles map[string]*makefile
	// makeLookups maps a directory and -f file to the Makefile make reads there.
	makeLookups map[makeLookup]*makefile
	scripts     map[string]map[string]scriptDef
	done        map[string]bool
	budget      int
}

// makeLookup is a directory and the -f file make is given there.
type makeLookup struct{ dir, file string }

func newExpander(p *parser) *expander {
	return &expander{p: p, makefiles: map[string]*makefile{}, makeLookups: map[makeLookup]*makefile{},
		scripts: map[string]map[string]scriptDef{}, done: map[string]bool{}, budget: maxFollowBytes}
}

// run expands every command, including the ones expansion adds, up to maxExpandDepth.
func (x *expander) run() {
	depth := make([]int, len(x.p.m.Commands))
	for i := 0; i < len(x.p.m.Commands); i++ {
		if depth[i] >= maxExpandDepth {
			continue
		}
		before := len(x.p.m.Commands)
		x.expand(x.p.m.Commands[i])
		for range x.p.m.Commands[before:] {
			depth = append(depth, depth[i]+1)
		}
	}
}

// expand follows each call of a command line that runs something the repository defines.
func (x *expander) expand(r Ref) {
	for _, c := range r.Calls {
		switch tool := c.Words[0]; tool {
		case "make", "gmake":
			x.makeCall(r, c.Dir, c.Words[1:])
		case "npm", "yarn", "pnpm", "bun":
			x.scriptCall(r, c.Dir, tool, c.Words[1:])
		case "skaffold":
			x.skaffold(r, c.Dir, c.Words[1:])
		case "gcloud":
			x.gcloudBuild(c.Dir, c.Words[1:])
		default:
			x.repoScript(r, c)
		}
	}
}

// via describes the caller of an expanded command.
func via(r Ref, what string) string {
	if r.Via != "" {
		return fmt.Sprintf("%s, %s", what, r.Via)
	}
	return fmt.Sprintf("%s at %s:%d", what, r.Path, r.Line)
}

// segments splits a shell line into simple commands, each as words with leading variable
// assignments and wrappers (sudo, env, time, exec, command) removed. Quotes are stripped.
func segments(line string) [][]string {
	var out [][]string
	for len(line) > 0 {
		end := strings.IndexAny(line, segmentBreaks)
		if end < 0 {
			end = len(line)
		}
		if words := segmentWords(line[:end]); len(words) > 0 {
			out = append(out, words)
		}
		line = line[min(end+1, len(line)):]
	}
	return out
}

// segmentBreaks end a simple command in the fallback splitter: ; and the bytes of &&, ||, |,
// &, (, ), ` and $(.
const segmentBreaks = ";&|()`"

// segmentWords splits one segment into unquoted words, dropping leading assignments and
// wrappers.
func segmentWords(seg string) []string {
	words := strings.Fields(seg)
	n := 0
	for _, w := range words {
		if strings.ContainsAny(w, `"'`) {
			w = stripQuotes(w)
		}
		if w != "" {
			words[n] = w
			n++
		}
	}
	words = words[:n]
	for len(words) > 0 && (strings.Contains(words[0], "=") || wrappers[words[0]]) {
		words = words[1:]
	}
	return words
}

func stripQuotes(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for i := 0; i < len(w); i++ {
		if w[i] != '"' && w[i] != '\'' {
			b.WriteByte(w[i])
		}
	}
	return b.String()
}

// installers maps a tool to the subcommands that install packages; "*" means any use. Printing
// commands are listed too: like installs, they mention tools without running them.
var installers = map[string][]string{
	"pip": {"install", "download"}, "pip3": {"install", "download"}, "pipx": {"install", "run"},
	"uv": {"pip", "tool", "add", "sync"}, "poetry": {"add", "install"}, "pipenv": {"install"},
	"conda": {"install"}, "gem": {"install"}, "go": {"install", "get"}, "cargo": {"install", "binstall"},
	"npm": {"install", "i", "ci", "add"}, "yarn": {"add", "install", "global"}, "pnpm": {"add", "install", "i"},
	"bun": {"add", "install", "i"}, "apt-get": {"install"}, "apt": {"install"}, "yum": {"install"},
	"dnf": {"install"}, "apk": {"add"}, "brew": {"install"}, "choco": {"install"}, "snap": {"install"},
	"docker": {"pull"}, "asdf": {"install"}, "mise": {"install", "use"}, "curl": {"*"}, "wget": {"*"}, "echo": {"*"}, "printf": {"*"},
}

// installs reports whether a simple command only installs, downloads or prints.
func installs(words []string) bool {
	if len(words) >= 3 && strings.HasPrefix(words[0], "python") && words[1] == "-m" && words[2] == "pip" {
		return true
	}
	subs, ok := installers[words[0]]
	if !ok {
		return false
	}
	sub := ""
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "-") {
			sub = w
			break
		}
	}
	for _, s := range subs {
		if s == "*" || s == sub {
			return true
		}
	}
	return false
}

var wrappers = map[string]bool{"sudo": true, "env": true, "time": true, "exec": true, "command": true}

// maxDirLen bounds the length of a working directory, so that a script changing directory
// thousands of times stays cheap.
const maxDirLen = 1024

// cleanDir joins a working directory onto dir; it ignores directories that cannot be resolved
// statically (absolute, home-relative or containing variables) and ones longer than maxDirLen.
func cleanDir(dir, wd string) string {
	if wd == "" || strings.ContainsAny(wd[:1], "/~$") || strings.Contains(wd, "${{") || len(dir)+len(wd) >= maxDirLen {
		return dir
	}
	return repo.Clean(path.Join(dir, wd))
}

// findFile returns the first of names that exists in dir.
func (x *expander) findFile(dir string, names ...string) (repo.File, bool) {
	for _, n := range names {
		if f, ok := repo.Lookup(x.p.snap.Files(), repo.Clean(path.Join(dir, n))); ok {
			return f, true
		}
	}
	return repo.File{}, false
}

// readQuiet reads a file used for expansion, charging the expansion budget; such files are
// optional, so failures are not problems of the CI configuration.
func (x *expander) readQuiet(f repo.File) ([]byte, bool) {
	if f.Size > repo.MaxFileSize || f.Size > int64(x.budget) {
		return nil, false
	}
	data, err := x.p.snap.ReadFile(f.Path)
	if err != nil || len(data) > x.budget {
		return nil, false
	}
	x.budget -= len(data)
	return data, true
}
