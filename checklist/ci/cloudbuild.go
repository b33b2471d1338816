package ci

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"gopkg.in/yaml.v3"
)

// isCloudBuild reports whether a file is named like a Google Cloud Build configuration.
func isCloudBuild(base string) bool {
	return strings.HasPrefix(base, "cloudbuild") && (isYAML(base) || strings.HasSuffix(base, ".json"))
}

// cloudBuilds reads the Cloud Build files: those named like one, and those that Terraform
// triggers name.
func (p *parser) cloudBuilds() {
	triggers := p.cloudBuildTriggers()
	done := map[string]bool{}
	for _, f := range p.cloudBuild {
		done[f.Path] = true
		p.readCloudBuild(f, triggers[f.Path])
	}
	for _, name := range slices.Sorted(maps.Keys(triggers)) {
		if f, ok := repo.Lookup(p.snap.Files(), name); ok && !done[name] {
			p.readCloudBuild(f, triggers[name])
		}
	}
}

// readCloudBuild reads a Cloud Build configuration: each step runs its image with args, or its
// script. pr, when set, is the Terraform trigger that builds pull requests with this file.
func (p *parser) readCloudBuild(f repo.File, pr *Ref) {
	p.withYAML(f, func(path string, w *walker, root *yaml.Node) {
		if w.get(root, "steps") == nil {
			return
		}
		p.m.Pipelines = append(p.m.Pipelines, Pipeline{System: CloudBuild, Path: path, Line: 1, PullRequest: pr})
		for _, s := range w.items(w.get(root, "steps")) {
			p.containerStep(Ref{Path: path, System: CloudBuild, Dir: cleanDir("", w.str(w.get(s, "dir")))}, w, s,
				w.get(s, "name"), w.scalars(w.get(s, "entrypoint")), w.get(s, "args"), w.get(s, "script"))
		}
		for _, img := range w.scalars(w.get(root, "images")) {
			p.use(Ref{Text: img.Value, Path: path, Line: img.Line, System: CloudBuild})
		}
	})
}

// containerStep records a step that runs image: its script when it has one, else the
// image's entrypoint (or the given command) with args, read as `docker run` would run them.
func (p *parser) containerStep(base Ref, w *walker, step, image *yaml.Node, command []*yaml.Node, args, script *yaml.Node) {
	base.Origin = base.Path
	if image != nil && image.Kind == yaml.ScalarNode {
		p.use(Ref{Text: image.Value, Path: base.Path, Line: image.Line, System: base.System})
	}
	if script != nil && script.Kind == yaml.ScalarNode {
		if first, _, _ := strings.Cut(script.Value, "\n"); !strings.HasPrefix(first, "#!") || shellContent([]byte(first), false) {
			start, step := scriptStart(script)
			p.script(base, script.Value, start, step, true)
		}
		return
	}
	words := []string{"docker", "run"}
	var text []string
	for _, c := range command {
		text = append(text, c.Value)
	}
	if len(text) > 0 {
		words = append(words, "--entrypoint", strings.Join(text, " "))
	}
	img := w.str(image)
	if img == "" {
		return
	}
	words = append(words, img)
	if len(text) == 0 {
		text = []string{img}
	}
	for _, a := range w.scalars(args) {
		words, text = append(words, a.Value), append(text, a.Value)
	}
	base.Text, base.Line = strings.Join(text, " "), step.Line
	if image.Line > 0 {
		base.Line = image.Line
	}
	var calls []Call
	(&shellReader{dir: base.Dir, calls: &calls, cache: p.shell}).invoke(words, 1)
	base.Calls = calls
	p.command(base)
}

// Terraform google_cloudbuild_trigger resources: the build file they name, and whether they
// build pull requests.
var (
	tfTrigger  = regexp.MustCompile(`resource\s+"google_cloudbuild_trigger"\s+"[^"]*"\s*\{`)
	tfFilename = regexp.MustCompile(`(?m)^\s*filename\s*=\s*"([^"$]+)"`)
	tfPR       = regexp.MustCompile(`(?m)^[ \t]*pull_request\s*\{`)
)

// cloudBuildTriggers reads the Terraform files for Cloud Build triggers and returns, for each
// build file they name, the trigger that builds pull requests with it (nil when none does).
func (p *parser) cloudBuildTriggers() map[string]*Ref {
	out := map[string]*Ref{}
	for _, f := range p.terraform {
		if f.Size > repo.MaxFileSize {
			continue
		}
		data, err := p.snap.ReadFile(f.Path)
		if err != nil || !tfTrigger.Match(data) {
			continue
		}
		p.triggersIn(f.Path, string(data), out)
	}
	return out
}

func (p *parser) triggersIn(file, text string, out map[string]*Ref) {
	starts := tfTrigger.FindAllStringIndex(text, -1)
	for i, s := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		block := text[s[0]:end]
		m := tfFilename.FindStringSubmatch(block)
		if m == nil {
			continue
		}
		name := repo.Clean(m[1])
		if _, seen := out[name]; !seen {
			out[name] = nil
		}
		if loc := tfPR.FindStringIndex(block); loc != nil && out[name] == nil {
			line := strings.Count(text[:s[0]+loc[0]], "\n") + 1
			out[name] = &Ref{Text: "google_cloudbuild_trigger with pull_request", Path: file, Line: line, System: CloudBuild}
		}
	}
}
