package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/ci"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// ciSpec is `ci:` in exactly one of three forms:
//   - {trigger: pull_request}: some CI runs on pull or merge requests;
//   - {commands: [regex], uses: [regex], message: text}: a command CI invokes matches a commands
//     expression at command position (see ci.Pattern), or an action, image or include matches a
//     uses expression (case-insensitively);
//   - {permissions: declared}: every GitHub Actions workflow declares `permissions:`.
type ciSpec struct {
	Trigger     string   `yaml:"trigger"`
	Commands    []string `yaml:"commands"`
	Uses        []string `yaml:"uses"`
	Message     string   `yaml:"message"`
	Permissions string   `yaml:"permissions"`
}

// CI returns the repository's parsed CI configuration, computed once per Env.
func (e *Env) CI() *ci.Model {
	return e.Memo("ci", func() any { return ci.Parse(e.repositoryView()) }).(*ci.Model)
}

// envSnapshot reads through the Env so that files shared with other checks are read once.
type envSnapshot struct{ env *Env }

func (s envSnapshot) Files() []repo.File                { return s.env.Repo().Files() }
func (s envSnapshot) Skipped() []repo.Skipped           { return s.env.Repo().Skipped() }
func (s envSnapshot) ReadFile(p string) ([]byte, error) { return s.env.ReadFile(p) }

func compileCI(file string, n *yaml.Node) (Check, error) {
	var s ciSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	form, err := ciForm(file, n)
	if err != nil {
		return nil, err
	}
	switch form {
	case "trigger":
		if s.Trigger != "pull_request" {
			return nil, yamlx.At(file, yamlx.Get(n, "trigger"), "", "trigger must be pull_request, not %q", s.Trigger)
		}
		return ciTrigger{}, nil
	case "permissions":
		if s.Permissions != "declared" {
			return nil, yamlx.At(file, yamlx.Get(n, "permissions"), "", "permissions must be declared, not %q", s.Permissions)
		}
		return ciPermissions{}, nil
	}
	return compileCISteps(file, n, s)
}

// ciForm names the one form a ci check uses, or reports a positioned error.
func ciForm(file string, n *yaml.Node) (string, error) {
	var forms []string
	var at []*yaml.Node
	seen := map[string]bool{}
	for _, k := range yamlx.Keys(n) {
		form := k.Value
		if form == "uses" || form == "commands" {
			form = "commands/uses"
		}
		if form == "message" || seen[form] {
			continue
		}
		seen[form] = true
		forms, at = append(forms, form), append(at, k)
	}
	switch {
	case len(forms) == 0:
		return "", yamlx.At(file, n, "", "ci needs one of trigger, commands/uses or permissions")
	case len(forms) > 1:
		return "", yamlx.At(file, at[1], "", "ci takes one form, found %s", strings.Join(forms, " and "))
	case forms[0] != "commands/uses" && yamlx.Get(n, "message") != nil:
		return "", yamlx.At(file, yamlx.Get(n, "message"), "", "message applies only to commands/uses")
	}
	return forms[0], nil
}

func compileCISteps(file string, n *yaml.Node, s ciSpec) (Check, error) {
	commands, err := ciExprs(file, n, "commands", s.Commands, ci.CompilePattern)
	if err != nil {
		return nil, err
	}
	uses, err := ciExprs(file, n, "uses", s.Uses, func(expr string) (*regexp.Regexp, error) { return regexp.Compile("(?i)" + expr) })
	if err != nil {
		return nil, err
	}
	return ciSteps{commands: commands, uses: uses, message: s.Message}, nil
}

// ciExprs compiles the list under key, which must be non-empty when present.
func ciExprs[T any](file string, n *yaml.Node, key string, exprs []string, compile func(string) (T, error)) ([]T, error) {
	at := yamlx.Get(n, key)
	if at == nil {
		return nil, nil
	}
	if len(exprs) == 0 {
		return nil, yamlx.At(file, at, "", "%s needs at least one regular expression", key)
	}
	out := make([]T, len(exprs))
	for i, expr := range exprs {
		re, err := compile(expr)
		if err != nil {
			return nil, yamlx.At(file, at.Content[i], "", "bad regular expression %q: %v", expr, err)
		}
		out[i] = re
	}
	return out, nil
}

// ciNone is the failure when a repository has no CI configuration at all.
var ciNone = verdict.Evidence{Message: "no CI configuration found (GitHub Actions, GitLab CI, CircleCI, Jenkins, Buildkite, Azure Pipelines…)"}

// ciUnmatched is the outcome when nothing matched: a failure, or an error when some CI
// configuration could not be read and might have matched.
func ciUnmatched(m *ci.Model, failures ...verdict.Evidence) verdict.Outcome {
	if len(m.Problems) > 0 {
		return verdict.Errored(append(append([]verdict.Evidence(nil), m.Problems...), failures...)...)
	}
	if len(failures) == 0 || len(m.Pipelines) == 0 && len(m.Commands) == 0 {
		return verdict.Failed(ciNone)
	}
	return verdict.Failed(failures...)
}

// ciTrigger passes when some CI configuration runs on pull or merge requests.
type ciTrigger struct{}

func (ciTrigger) Evaluate(env *Env) verdict.Outcome {
	m := env.CI()
	var failures []verdict.Evidence
	var target *ci.Pipeline
	for i, pl := range m.Pipelines {
		switch pr := pl.PullRequest; {
		case pr == nil:
			failures = append(failures, ciTriggerFailure(pl))
		case pr.Text == "on pull_request_target":
			if target == nil {
				target = &m.Pipelines[i]
			}
		default:
			return ciTriggerPass(pl)
		}
	}
	if target != nil {
		return ciTriggerPass(*target)
	}
	return ciUnmatched(m, failures...)
}

// ciTriggerPass names what runs pl on pull requests. A pull_request_target workflow is named
// only when no pipeline builds pull requests themselves: it runs in the base branch's context,
// usually for a reviewer bot.
func ciTriggerPass(pl ci.Pipeline) verdict.Outcome {
	pr := pl.PullRequest
	return verdict.Passed(pr.Evidence(fmt.Sprintf("runs on pull requests: %s (%s)", pr.Text, pl.System)))
}

func ciTriggerFailure(pl ci.Pipeline) verdict.Evidence {
	ev := verdict.Evidence{Path: pl.Path, Line: pl.Line}
	switch {
	case pl.System == ci.GitLab:
		ev.Message = `has no merge-request pipelines (add rules with $CI_PIPELINE_SOURCE == "merge_request_event")`
	case pl.System == ci.CloudBuild:
		ev.Message = "no google_cloudbuild_trigger in this repository builds pull requests with this file (its triggers may be configured elsewhere)"
	case pl.System == ci.Tekton:
		ev.Message = "no PipelineRun here runs on pull_request (pipelinesascode.tekton.dev/on-event)"
	case len(pl.Events) == 0:
		ev.Message = "workflow has no triggers"
	default:
		ev.Message = fmt.Sprintf("workflow runs only on %s, not on pull_request", strings.Join(pl.Events, ", "))
	}
	return ev
}
