package ci

import (
	"path"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// repoScript follows a call of a shell script kept in the repository: `./scripts/test.sh`,
// `bash hack/ci.sh`, `source env.sh`. The script runs in the caller's directory.
func (x *expander) repoScript(r Ref, c Call) {
	name := c.Words[0]
	viaShell := len(c.Wrapper) == 1 && shells[c.Wrapper[0]]
	if !viaShell && !strings.Contains(name, "/") {
		return
	}
	if name == "" || strings.ContainsAny(name[:1], "/~") || strings.Contains(name, "$") {
		return
	}
	f, ok := repo.Lookup(x.p.snap.Files(), repo.Clean(path.Join(c.Dir, name)))
	if !ok || x.done["file:"+f.Path] || !shellScriptName(f.Path, viaShell) {
		return
	}
	x.done["file:"+f.Path] = true
	data, ok := x.readQuiet(f)
	if !ok || !shellContent(data, viaShell) {
		return
	}
	x.p.script(Ref{Path: f.Path, System: r.System, Dir: c.Dir, Via: via(r, name), Origin: r.Origin}, string(data), 1, 1, true)
}

// shellScriptName reports whether a file called directly may be a shell script: one with a
// shell extension or none. A file given to sh may have any name.
func shellScriptName(p string, viaShell bool) bool {
	ext := path.Ext(p)
	return viaShell || ext == "" || ext == ".sh" || ext == ".bash"
}

// shellContent reports whether data is a shell script: its #! line, if any, names a shell.
func shellContent(data []byte, viaShell bool) bool {
	first, _, _ := strings.Cut(string(data[:min(len(data), 256)]), "\n")
	if !strings.HasPrefix(first, "#!") {
		return viaShell || !strings.ContainsRune(string(data[:min(len(data), 512)]), 0)
	}
	for _, sh := range []string{"/sh", "/bash", "/zsh", "/dash", "/ksh", " sh", " bash", " zsh"} {
		if strings.Contains(first, sh) {
			return true
		}
	}
	return false
}

// skaffold follows `skaffold test` and `skaffold run` into the custom test commands of
// skaffold.yaml, and `skaffold build`, `run` and `dev` into custom build commands. Profiles
// given with -p add theirs.
func (x *expander) skaffold(r Ref, dir string, args []string) {
	if len(args) == 0 {
		return
	}
	file, profiles := skaffoldArgs(args[1:])
	f, ok := x.findFile(dir, file, "skaffold.yaml", "skaffold.yml")
	if !ok || x.done["skaffold:"+args[0]+":"+f.Path] {
		return
	}
	x.done["skaffold:"+args[0]+":"+f.Path] = true
	data, ok := x.readQuiet(f)
	if !ok {
		return
	}
	docs, _ := yamlx.ParseAll(f.Path, data)
	w := newWalker(f.Path)
	sk := skaffoldRead{x: x, r: r, w: w, path: f.Path, dir: path.Dir(f.Path), via: via(r, "skaffold "+args[0])}
	for _, doc := range docs {
		configs := []*yaml.Node{doc}
		for _, p := range w.items(w.get(doc, "profiles")) {
			if profiles[w.str(w.get(p, "name"))] {
				configs = append(configs, p)
			}
		}
		for _, c := range configs {
			sk.config(args[0], c)
		}
	}
}

// skaffoldArgs reads the -f file and -p profiles of a skaffold command.
func skaffoldArgs(args []string) (file string, profiles map[string]bool) {
	profiles = map[string]bool{}
	for i := 0; i < len(args); i++ {
		opt, value, inline := strings.Cut(args[i], "=")
		if !inline && i+1 < len(args) && (opt == "-f" || opt == "--filename" || opt == "-p" || opt == "--profile") {
			i++
			value = args[i]
		}
		switch opt {
		case "-f", "--filename":
			file = value
		case "-p", "--profile":
			for _, p := range strings.Split(value, ",") {
				profiles[p] = true
			}
		}
	}
	if file == "" {
		file = "skaffold.yaml"
	}
	return file, profiles
}

type skaffoldRead struct {
	x    *expander
	r    Ref
	w    *walker
	path string
	dir  string
	via  string
}

// config records the commands one skaffold configuration or profile runs for cmd.
func (s skaffoldRead) config(cmd string, n *yaml.Node) {
	if cmd == "test" || cmd == "run" || cmd == "dev" {
		for _, t := range s.w.items(s.w.get(n, "test")) {
			for _, c := range s.w.items(s.w.get(t, "custom")) {
				s.command(s.w.get(c, "command"), s.w.str(s.w.get(t, "context")))
			}
		}
	}
	if cmd == "build" || cmd == "run" || cmd == "dev" {
		for _, a := range s.w.items(s.w.get(s.w.get(n, "build"), "artifacts")) {
			s.command(s.w.get(s.w.get(a, "custom"), "buildCommand"), s.w.str(s.w.get(a, "context")))
		}
	}
}

func (s skaffoldRead) command(n *yaml.Node, context string) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" {
		return
	}
	start, step := scriptStart(n)
	dir := cleanDir(repo.Clean(s.dir), context)
	s.x.p.script(Ref{Path: s.path, System: s.r.System, Dir: dir, Via: s.via, Origin: s.r.Origin}, n.Value, start, step, true)
}

// gcloudBuild reads the Cloud Build file that `gcloud builds submit --config FILE` names, when
// it is not named like one and so was not read already.
func (x *expander) gcloudBuild(dir string, args []string) {
	if len(args) < 2 || args[0] != "builds" || args[1] != "submit" {
		return
	}
	file := ""
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			file = v
		} else if a == "--config" && i+1 < len(args) {
			file = args[i+1]
		}
	}
	if file == "" || strings.Contains(file, "$") || isCloudBuild(path.Base(file)) {
		return
	}
	f, ok := x.findFile(dir, file)
	if !ok || x.done["cloudbuild:"+f.Path] {
		return
	}
	x.done["cloudbuild:"+f.Path] = true
	x.p.readCloudBuild(f, nil)
}
