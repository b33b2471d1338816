package ci

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// parser accumulates a Model while reading one snapshot.
type parser struct {
	snap repo.Snapshot
	m    *Model
	seen map[refKey]bool
	// shell reads the scripts.
	shell *shellCache
	// terraform and cloudBuild collect the Terraform files and Cloud Build files seen, which
	// are read once all files have been seen.
	terraform, cloudBuild []repo.File
}

// refKey identifies a reference, so that one reached twice (a template extended by many jobs)
// is recorded once.
type refKey struct {
	use        bool
	path, text string
	line       int
}

// Parse reads the CI configuration of snap. It never fails: unreadable or malformed files are
// recorded in Model.Problems and the rest is still read.
func Parse(snap repo.Snapshot) *Model {
	p := &parser{snap: snap, m: &Model{}, seen: map[refKey]bool{}, shell: newShellCache()}
	for _, f := range snap.Files() {
		p.dispatch(f)
	}
	p.cloudBuilds()
	newExpander(p).run()
	p.finish()
	return p.m
}

// dispatch hands a file to the reader for the CI system it configures, if any.
func (p *parser) dispatch(f repo.File) {
	dir, base := path.Split(f.Path)
	switch {
	case dir == ".github/workflows/" && isYAML(base):
		p.withYAML(f, p.workflow)
	case strings.HasPrefix(dir, ".github/actions/") && (base == "action.yml" || base == "action.yaml"):
		p.withYAML(f, p.compositeAction)
	case f.Path == ".gitlab-ci.yml":
		p.gitlab(f)
	case base == "Jenkinsfile" || strings.HasPrefix(base, "Jenkinsfile.") || strings.HasSuffix(base, ".jenkinsfile"):
		if !skippedDir(dir) {
			p.jenkinsfile(f)
		}
	case isCloudBuild(base) && !skippedDir(dir):
		p.cloudBuild = append(p.cloudBuild, f)
	case strings.HasSuffix(base, ".tf") && !skippedDir(dir):
		p.terraform = append(p.terraform, f)
	case isYAML(base) && strings.Contains(dir, "tekton/") && isTektonPath(dir, base):
		if !skippedDir(dir) {
			p.tekton(f)
		}
	default:
		if sys, ok := genericSystem(dir, base); ok {
			p.generic(sys, f)
		}
	}
}

// skippedDir reports whether dir lies in vendored, installed or test-fixture code.
func skippedDir(dir string) bool {
	for _, part := range strings.Split(dir, "/") {
		if part == "vendor" || part == "node_modules" || part == "testdata" {
			return true
		}
	}
	return false
}

func isYAML(base string) bool {
	return strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")
}

// read returns a file's content, recording a problem when it cannot be read.
func (p *parser) read(f repo.File) ([]byte, bool) {
	if f.Size > repo.MaxFileSize {
		p.problem(f.Path, 0, "skipped: larger than 1 MiB")
		return nil, false
	}
	data, err := p.snap.ReadFile(f.Path)
	if err != nil {
		p.problem(f.Path, 0, err.Error())
		return nil, false
	}
	return data, true
}

// withYAML parses a single-document YAML file and hands its root mapping to fn.
func (p *parser) withYAML(f repo.File, fn func(path string, w *walker, root *yaml.Node)) {
	data, ok := p.read(f)
	if !ok {
		return
	}
	root, err := yamlx.Parse(f.Path, data)
	if err != nil {
		p.yamlProblem(f.Path, err)
		return
	}
	if root.Kind != yaml.MappingNode {
		p.problem(f.Path, root.Line, "expected a YAML mapping at the top level")
		return
	}
	w := newWalker(f.Path)
	fn(f.Path, w, root)
	p.checkBudget(w)
}

func (p *parser) checkBudget(w *walker) {
	if w.exhausted() {
		p.problem(w.path, 0, "YAML aliases expand too far; the file was only partly read")
	}
}

func (p *parser) problem(path string, line int, msg string) {
	p.m.Problems = append(p.m.Problems, verdict.Evidence{Path: path, Line: line, Message: msg})
}

func (p *parser) yamlProblem(path string, err error) {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		p.problem(path, ye.Line, "malformed YAML: "+ye.Msg)
		return
	}
	p.problem(path, 0, fmt.Sprintf("malformed YAML: %v", err))
}

func (p *parser) command(r Ref) {
	if len(p.m.Commands) >= maxCommands {
		return
	}
	if r.Origin == "" {
		r.Origin = r.Path
	}
	if p.first(refKey{false, r.Path, r.Text, r.Line}) {
		p.m.Commands = append(p.m.Commands, r)
	}
}

func (p *parser) use(r Ref) {
	if r.Origin == "" {
		r.Origin = r.Path
	}
	if strings.TrimSpace(r.Text) != "" && p.first(refKey{true, r.Path, r.Text, r.Line}) {
		p.m.Uses = append(p.m.Uses, r)
	}
}

// first reports whether k is seen for the first time.
func (p *parser) first(k refKey) bool {
	if p.seen[k] {
		return false
	}
	p.seen[k] = true
	return true
}

// commandsFrom adds the script in scalar n, run in dir, as commands; it returns the directory
// the script ends in, where the next script of the same shell session starts.
func (p *parser) commandsFrom(sys System, path, dir string, n *yaml.Node) string {
	start, step := scriptStart(n)
	return p.script(Ref{Path: path, System: sys, Dir: dir, Origin: path}, n.Value, start, step, true)
}

// script records the logical lines of src as commands like base, each with the calls that
// start on it. Script line i is at file line start+i*step. A script that is not shell (sh is
// false) is split into words line by line. It returns the directory the script ends in.
func (p *parser) script(base Ref, src string, start, step int, sh bool) string {
	var calls []Call
	end := p.shell.read(&calls, src, base.Dir, sh)
	lines := splitScript(src, start, step)
	refs := make([]Ref, len(lines))
	for i, l := range lines {
		refs[i] = base
		refs[i].Text, refs[i].Line = l.text, l.line
	}
	for _, c := range calls {
		i := sort.Search(len(lines), func(i int) bool { return lines[i].idx > c.line-1 }) - 1
		if i >= 0 {
			refs[i].Calls = append(refs[i].Calls, c)
		}
	}
	for _, r := range refs {
		p.command(r)
	}
	return end
}

// line records r, a single command line, with the calls of shell source src.
func (p *parser) line(r Ref, src string) {
	var calls []Call
	p.shell.read(&calls, src, r.Dir, true)
	r.Calls = calls
	p.command(r)
}

// finish sorts pipelines and lists the systems found.
func (p *parser) finish() {
	sort.SliceStable(p.m.Pipelines, func(i, j int) bool { return p.m.Pipelines[i].Path < p.m.Pipelines[j].Path })
	seen := map[System]bool{}
	for _, pl := range p.m.Pipelines {
		seen[pl.System] = true
	}
	for _, s := range allSystems {
		if seen[s] {
			p.m.Systems = append(p.m.Systems, s)
		}
	}
}
