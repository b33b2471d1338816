package ci

import (
	"fmt"
	"path"
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// maxExpandDepth bounds chains such as make → npm run → make.
const maxExpandDepth = 4

// expander follows commands that call `make TARGET` or a package.json script into the recipe
// or script they run, adding those lines as commands. Each target and script is followed once.
type expander struct {
	p         *parser
	makefiles map[string]*makefile
	scripts   map[string]map[string]scriptDef
	done      map[string]bool
}

func newExpander(p *parser) *expander {
	return &expander{p: p, makefiles: map[string]*makefile{}, scripts: map[string]map[string]scriptDef{}, done: map[string]bool{}}
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

// expand looks at each simple command of a line, tracking `cd`.
func (x *expander) expand(r Ref) {
	dir := r.Dir
	for _, words := range segments(r.Text) {
		switch tool := words[0]; tool {
		case "cd":
			if len(words) > 1 {
				dir = cleanDir(dir, words[1])
			}
		case "make", "gmake":
			x.makeCall(r, dir, words[1:])
		case "npm", "yarn", "pnpm":
			x.scriptCall(r, dir, tool, words[1:])
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
	for _, op := range []string{"&&", "||", "|", "&", "(", ")", "`", "$("} {
		line = strings.ReplaceAll(line, op, ";")
	}
	var out [][]string
	for _, seg := range strings.Split(line, ";") {
		words := strings.Fields(strings.NewReplacer(`"`, "", `'`, "").Replace(seg))
		for len(words) > 0 && (strings.Contains(words[0], "=") || wrappers[words[0]]) {
			words = words[1:]
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// RunText returns a command line without the parts that only install, download or print
// (`pip install ruff`, `curl …/install.sh | sh`, `docker pull …`, `echo …`), with variable assignments and
// wrappers such as sudo removed and quotes dropped; the remaining simple commands are joined with
// "; ". Checks match against it so that installing a linter does not count as running it.
func RunText(line string) string {
	var kept []string
	for _, words := range segments(line) {
		if !installs(words) {
			kept = append(kept, strings.Join(words, " "))
		}
	}
	return strings.Join(kept, "; ")
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

// cleanDir joins a working directory onto dir; it ignores directories that cannot be resolved
// statically (absolute, home-relative or containing variables).
func cleanDir(dir, wd string) string {
	if wd == "" || strings.ContainsAny(wd[:1], "/~$") || strings.Contains(wd, "${{") {
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

// readQuiet reads a file used for expansion; such files are optional, so failures are not
// problems of the CI configuration.
func (x *expander) readQuiet(f repo.File) ([]byte, bool) {
	if f.Size > repo.MaxFileSize {
		return nil, false
	}
	data, err := x.p.snap.ReadFile(f.Path)
	return data, err == nil
}
