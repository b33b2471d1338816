package ci

import (
	"slices"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// System names a CI product.
type System string

// The CI systems the package recognises.
const (
	GitHubActions System = "github-actions"
	GitLab        System = "gitlab-ci"
	CircleCI      System = "circleci"
	Jenkins       System = "jenkins"
	Buildkite     System = "buildkite"
	Azure         System = "azure-pipelines"
	Travis        System = "travis-ci"
	Drone         System = "drone"
	Bitbucket     System = "bitbucket-pipelines"
	CloudBuild    System = "google-cloud-build"
	Tekton        System = "tekton"
)

// allSystems lists the systems in the order Model.Systems uses.
var allSystems = []System{GitHubActions, GitLab, CircleCI, Jenkins, Buildkite, Azure, Travis, Drone, Bitbucket, CloudBuild, Tekton}

// Ref is one thing a CI configuration does, at a place in the repository: a command line, or an
// action, image, orb or include it uses.
type Ref struct {
	// Text is the command line (continuations joined) or the reference as written.
	Text string
	// Path and Line locate Text; Line is 1-based.
	Path string
	Line int
	// System is the CI system that runs it.
	System System
	// Dir is the working directory the command runs in, relative to the root; "" is the root.
	Dir string
	// Via says how a command was reached when it is not in CI configuration itself, such as
	// "make test at .github/workflows/ci.yml:12"; empty otherwise.
	Via string
	// Origin is the CI configuration file whose job runs the command or uses the reference; it is
	// Path unless the command was reached through make, a script or a package.json script.
	Origin string
	// Calls are the simple commands the line invokes, read as shell: at command position, after
	// wrappers such as sudo, npx or docker run, inside sh -c strings. Commands that only install,
	// download or print are left out.
	Calls []Call
	// Raw is true when Text is not shell (a Jenkinsfile's Groovy `docker.build(…)`); patterns
	// then match the text as written.
	Raw bool
}

// Evidence renders r as verdict evidence with the given message.
func (r Ref) Evidence(msg string) verdict.Evidence {
	return verdict.Evidence{Path: r.Path, Line: r.Line, Message: msg}
}

// Pipeline is one CI configuration file that defines when CI runs.
type Pipeline struct {
	System System
	Path   string
	// Line is where the triggers are declared (`on:` for Actions), or 0.
	Line int
	// Events lists GitHub Actions trigger events; empty for other systems.
	Events []string
	// PullRequest locates what makes the pipeline run on pull or merge requests; nil when
	// nothing does.
	PullRequest *Ref
	// Workflow holds the permission declarations of a GitHub Actions workflow; nil otherwise.
	Workflow *Workflow
}

// Workflow is what a GitHub Actions workflow declares about token permissions.
type Workflow struct {
	// Permissions is true when the workflow declares `permissions:` at top level.
	Permissions bool
	// Jobs are the workflow's jobs, in file order.
	Jobs []Job
}

// Job is one GitHub Actions job.
type Job struct {
	ID   string
	Line int
	// Permissions is true when the job declares `permissions:`.
	Permissions bool
}

// DeclaresPermissions reports whether the workflow limits its token: a top-level `permissions:`,
// or one on every job.
func (w *Workflow) DeclaresPermissions() bool {
	if w.Permissions {
		return true
	}
	for _, j := range w.Jobs {
		if !j.Permissions {
			return false
		}
	}
	return len(w.Jobs) > 0
}

// Model is everything read from a repository's CI configuration.
type Model struct {
	// Systems lists the CI systems found, in the order of System constants.
	Systems []System
	// Pipelines lists every configuration file that defines when CI runs, sorted by path.
	Pipelines []Pipeline
	// Commands lists command lines run by CI, including those reached through make or scripts.
	Commands []Ref
	// Uses lists actions, reusable workflows, images, orbs, plugins and includes.
	Uses []Ref
	// Problems lists files that could not be read or parsed.
	Problems []verdict.Evidence
}

// Has reports whether system s was found.
func (m *Model) Has(s System) bool {
	return slices.Contains(m.Systems, s)
}

// Pipeline returns the pipeline configured in the file at path.
func (m *Model) Pipeline(path string) (Pipeline, bool) {
	i, ok := slices.BinarySearchFunc(m.Pipelines, path, func(p Pipeline, path string) int { return strings.Compare(p.Path, path) })
	if !ok {
		return Pipeline{}, false
	}
	return m.Pipelines[i], true
}

// changeEvents are the GitHub Actions events that build proposed or merged changes.
// A reusable workflow (workflow_call) runs as part of its caller.
var changeEvents = []string{"pull_request", "push", "merge_group", "workflow_call"}

// BuildsChanges reports whether the pipeline runs for the changes people make: always for
// systems other than GitHub Actions, and for a workflow triggered by pull_request, push or
// merge_group, or called by another workflow. A pull_request_target reviewer bot or a
// scheduled job does not.
func (pl Pipeline) BuildsChanges() bool {
	if pl.System != GitHubActions {
		return true
	}
	for _, e := range pl.Events {
		if slices.Contains(changeEvents, e) {
			return true
		}
	}
	return false
}

// Workflows returns the GitHub Actions workflows, sorted by path.
func (m *Model) Workflows() []Pipeline {
	var out []Pipeline
	for _, p := range m.Pipelines {
		if p.Workflow != nil {
			out = append(out, p)
		}
	}
	return out
}
