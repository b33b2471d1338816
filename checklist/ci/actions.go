package ci

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// pullRequestEvents are the GitHub Actions events that run a workflow for pull requests.
var pullRequestEvents = map[string]bool{"pull_request": true, "pull_request_target": true}

// workflow reads a GitHub Actions workflow: triggers, permissions, jobs, steps.
func (p *parser) workflow(path string, w *walker, root *yaml.Node) {
	pl := Pipeline{System: GitHubActions, Path: path, Line: 1, Workflow: &Workflow{}}
	for _, e := range w.pairs(root) {
		if e.key.Value == "on" || e.key.Value == "true" && e.key.Tag == "!!bool" {
			pl.Line = e.key.Line
			p.triggers(w, &pl, e.value)
		}
	}
	pl.Workflow.Permissions = w.has(root, "permissions")
	defaults := withDefaults(w, root, runDefaults{})
	for _, j := range w.pairs(w.get(root, "jobs")) {
		job := w.node(j.value)
		pl.Workflow.Jobs = append(pl.Workflow.Jobs, Job{ID: j.key.Value, Line: j.key.Line, Permissions: w.has(job, "permissions")})
		p.job(path, w, job, withDefaults(w, job, defaults))
	}
	p.m.Pipelines = append(p.m.Pipelines, pl)
}

// triggers records the events of an `on:` value: a string, a list, or a mapping of events.
func (p *parser) triggers(w *walker, pl *Pipeline, on *yaml.Node) {
	on = w.node(on)
	if on == nil {
		return
	}
	events := w.scalars(on)
	if on.Kind == yaml.MappingNode {
		events = nil
		for _, e := range w.pairs(on) {
			events = append(events, e.key)
		}
	}
	for _, e := range events {
		pl.Events = append(pl.Events, e.Value)
		if pullRequestEvents[e.Value] && (pl.PullRequest == nil || e.Value == "pull_request" && pl.PullRequest.Text != "on pull_request") {
			pl.PullRequest = &Ref{Text: "on " + e.Value, Path: pl.Path, Line: e.Line, System: GitHubActions}
		}
	}
}

// runDefaults are the working directory and shell that `run` steps inherit.
type runDefaults struct{ dir, shell string }

// withDefaults applies a workflow's or job's `defaults.run` to d.
func withDefaults(w *walker, n *yaml.Node, d runDefaults) runDefaults {
	run := w.get(w.get(n, "defaults"), "run")
	if wd := w.str(w.get(run, "working-directory")); wd != "" {
		d.dir = cleanDir(d.dir, wd)
	}
	if sh := w.str(w.get(run, "shell")); sh != "" {
		d.shell = sh
	}
	return d
}

// shellKind says how a step's `shell:` reads its script: as POSIX shell, as words (PowerShell,
// cmd), or not at all (python and custom interpreters).
func shellKind(shell string) (read, sh bool) {
	name, _, _ := strings.Cut(strings.TrimSpace(shell), " ")
	if name == "" {
		return true, true
	}
	switch path.Base(name) {
	case "bash", "sh":
		return true, true
	case "pwsh", "powershell", "cmd":
		return true, false
	}
	return false, false
}

// job reads a job's reusable-workflow call, container and service images, and steps.
func (p *parser) job(path string, w *walker, job *yaml.Node, d runDefaults) {
	if u := w.get(job, "uses"); u != nil {
		p.use(Ref{Text: w.str(u), Path: path, Line: u.Line, System: GitHubActions})
	}
	p.actionsImage(path, w, w.get(job, "container"))
	for _, s := range w.pairs(w.get(job, "services")) {
		p.actionsImage(path, w, s.value)
	}
	p.steps(path, w, w.get(job, "steps"), d)
}

// actionsImage records a container image given as a string or as {image: ...}.
func (p *parser) actionsImage(path string, w *walker, n *yaml.Node) {
	n = w.node(n)
	if n != nil && n.Kind == yaml.MappingNode {
		n = w.get(n, "image")
	}
	if n != nil && n.Kind == yaml.ScalarNode {
		p.use(Ref{Text: n.Value, Path: path, Line: n.Line, System: GitHubActions})
	}
}

// steps reads the `uses` and `run` of each step.
func (p *parser) steps(path string, w *walker, steps *yaml.Node, d runDefaults) {
	for _, s := range w.items(steps) {
		if u := w.get(s, "uses"); u != nil && u.Kind == yaml.ScalarNode {
			p.use(Ref{Text: u.Value, Path: path, Line: u.Line, System: GitHubActions})
		}
		run := w.get(s, "run")
		if run == nil || run.Kind != yaml.ScalarNode {
			continue
		}
		stepDir, shell := d.dir, d.shell
		if wd := w.str(w.get(s, "working-directory")); wd != "" {
			stepDir = cleanDir(d.dir, wd)
		}
		if sh := w.str(w.get(s, "shell")); sh != "" {
			shell = sh
		}
		if read, sh := shellKind(shell); read {
			start, step := scriptStart(run)
			p.script(Ref{Path: path, System: GitHubActions, Dir: stepDir, Origin: path}, run.Value, start, step, sh)
		}
	}
}

// compositeAction reads the steps of an action under .github/actions; they run inside workflows.
func (p *parser) compositeAction(path string, w *walker, root *yaml.Node) {
	p.steps(path, w, w.get(w.get(root, "runs"), "steps"), runDefaults{})
}
