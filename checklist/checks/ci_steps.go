package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/ci"
	"github.com/prchq/prc/checklist/verdict"
)

// ciSteps passes when a CI command matches one of commands, or a use matches one of uses.
type ciSteps struct {
	commands []*regexp.Regexp
	uses     []*regexp.Regexp
	message  string
}

func (c ciSteps) Evaluate(env *Env) verdict.Outcome {
	m := env.CI()
	if r, ok := ciFirstMatch(m.Commands, c.commands, ci.RunText); ok {
		return verdict.Passed(r.Evidence(ciDescribe("runs", r)))
	}
	if r, ok := ciFirstMatch(m.Uses, c.uses, nil); ok {
		return verdict.Passed(r.Evidence(ciDescribe("uses", r)))
	}
	what := c.message
	if what == "" {
		what = "a command or action matching the check's patterns"
	}
	return ciUnmatched(m, verdict.Evidence{Message: fmt.Sprintf("no CI step runs %s (looked at %s)", what, ciSystems(m))})
}

// ciFirstMatch returns the first reference whose text, after prepare when set, matches.
func ciFirstMatch(refs []ci.Ref, res []*regexp.Regexp, prepare func(string) string) (ci.Ref, bool) {
	if len(res) == 0 {
		return ci.Ref{}, false
	}
	for _, r := range refs {
		text := r.Text
		if prepare != nil {
			text = prepare(text)
		}
		for _, re := range res {
			if re.MatchString(text) {
				return r, true
			}
		}
	}
	return ci.Ref{}, false
}

// ciMaxQuoted bounds how much of a command line evidence quotes.
const ciMaxQuoted = 120

func ciDescribe(verb string, r ci.Ref) string {
	text := r.Text
	if len(text) > ciMaxQuoted {
		text = text[:ciMaxQuoted] + "…"
	}
	msg := fmt.Sprintf("%s `%s`", verb, text)
	if r.Via != "" {
		msg += " (via " + r.Via + ")"
	}
	return msg
}

func ciSystems(m *ci.Model) string {
	if len(m.Systems) == 0 {
		return "CI files"
	}
	names := make([]string, len(m.Systems))
	for i, s := range m.Systems {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// ciPermissions passes when every GitHub Actions workflow declares permissions; na without
// workflows.
type ciPermissions struct{}

func (ciPermissions) Evaluate(env *Env) verdict.Outcome {
	m := env.CI()
	var passes, failures, problems []verdict.Evidence
	for _, pl := range m.Workflows() {
		if pl.Workflow.DeclaresPermissions() {
			passes = append(passes, verdict.Evidence{Path: pl.Path, Message: "declares permissions"})
			continue
		}
		failures = append(failures, verdict.Evidence{Path: pl.Path, Line: 1, Message: ciPermissionsGap(pl.Workflow)})
	}
	for _, p := range m.Problems {
		if strings.HasPrefix(p.Path, ".github/workflows/") {
			problems = append(problems, p)
		}
	}
	out := verdict.Resolve(passes, failures, problems)
	if out.Status == verdict.NA {
		out.Evidence = []verdict.Evidence{{Message: "no GitHub Actions workflows"}}
	}
	return out
}

// ciPermissionsGap explains which jobs of a workflow run with the default token permissions.
func ciPermissionsGap(w *ci.Workflow) string {
	var open []string
	for _, j := range w.Jobs {
		if !j.Permissions {
			open = append(open, j.ID)
		}
	}
	if len(open) == 0 {
		return "workflow declares no permissions: and has no jobs"
	}
	return fmt.Sprintf("no top-level permissions:, and these jobs declare none: %s", strings.Join(open, ", "))
}
