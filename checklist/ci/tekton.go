package ci

import (
	"slices"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// isTektonPath reports whether a YAML file lies where Tekton resources are kept: a folder
// named .tekton or tekton.
func isTektonPath(dir, base string) bool {
	return isYAML(base) && slices.ContainsFunc(strings.Split(dir, "/"), func(s string) bool { return s == ".tekton" || s == "tekton" })
}

// tekton reads the Tekton Tasks, Pipelines and runs in a file: each step's script, or its
// command and args. A PipelineRun that Pipelines as Code starts on pull_request marks the
// pipeline as running on pull requests.
func (p *parser) tekton(f repo.File) {
	data, ok := p.read(f)
	if !ok {
		return
	}
	docs, err := yamlx.ParseAll(f.Path, data)
	if err != nil {
		p.yamlProblem(f.Path, err)
	}
	w := newWalker(f.Path)
	pl := Pipeline{System: Tekton, Path: f.Path, Line: 1}
	found := false
	for _, d := range docs {
		if !strings.HasPrefix(w.str(w.get(d, "apiVersion")), "tekton.dev/") {
			continue
		}
		found = true
		p.tektonDoc(f.Path, w, d, &pl)
	}
	if found {
		p.m.Pipelines = append(p.m.Pipelines, pl)
	}
	p.checkBudget(w)
}

func (p *parser) tektonDoc(path string, w *walker, d *yaml.Node, pl *Pipeline) {
	spec := w.get(d, "spec")
	switch w.str(w.get(d, "kind")) {
	case "Task", "ClusterTask":
		p.tektonSteps(path, w, spec)
	case "TaskRun":
		p.tektonSteps(path, w, w.get(spec, "taskSpec"))
	case "Pipeline":
		p.tektonTasks(path, w, spec)
	case "PipelineRun":
		p.tektonTasks(path, w, w.get(spec, "pipelineSpec"))
		for _, a := range w.pairs(w.get(w.get(d, "metadata"), "annotations")) {
			k := a.key.Value
			if (strings.HasSuffix(k, "/on-event") || strings.HasSuffix(k, "/on-cel-expression")) && strings.Contains(w.str(a.value), "pull_request") && pl.PullRequest == nil {
				pl.PullRequest = &Ref{Text: k + ": " + w.str(a.value), Path: path, Line: a.key.Line, System: Tekton}
			}
		}
	}
}

// tektonTasks reads the embedded task specs of a pipeline's tasks and finally tasks.
func (p *parser) tektonTasks(path string, w *walker, spec *yaml.Node) {
	for _, key := range []string{"tasks", "finally"} {
		for _, t := range w.items(w.get(spec, key)) {
			p.tektonSteps(path, w, w.get(t, "taskSpec"))
		}
	}
}

func (p *parser) tektonSteps(path string, w *walker, spec *yaml.Node) {
	for _, s := range w.items(w.get(spec, "steps")) {
		base := Ref{Path: path, System: Tekton, Dir: cleanDir("", w.str(w.get(s, "workingDir")))}
		p.containerStep(base, w, s, w.get(s, "image"), w.scalars(w.get(s, "command")), w.get(s, "args"), w.get(s, "script"))
	}
}
