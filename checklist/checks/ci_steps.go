package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/ci"
	"github.com/prchq/prc/checklist/verdict"
)

// ciSteps passes when a command CI invokes matches one of commands (see ci.Pattern), or a use
// matches one of uses.
type ciSteps struct {
	commands []*ci.Pattern
	uses     []*regexp.Regexp
	message  string
}

func (c ciSteps) Evaluate(env *Env) verdict.Outcome {
	m := env.CI()
	if best, ok := c.strongest(m); ok {
		return verdict.Passed(best.ref.Evidence(ciDescribe(best.verb, best.ref)))
	}
	what := c.message
	if what == "" {
		what = "a command or action matching the check's patterns"
	}
	return ciUnmatched(m, verdict.Evidence{Message: fmt.Sprintf("no CI step runs %s (looked at %s)", what, ciSystems(m))})
}

// ciMatch is a matching reference and how strong a sign it is; lower ranks are stronger.
type ciMatch struct {
	ref  ci.Ref
	verb string
	rank int
}

// Match ranks: an action or image, a command, a command that exports files from an image
// build; each weaker when its pipeline does not build changes (a pull_request_target bot, a
// scheduled job).
const (
	ciRankUse = iota
	ciRankCommand
	ciRankExport
	ciRankOffPipeline = 10
)

// strongest returns the strongest match, the first in the model among equals.
func (c ciSteps) strongest(m *ci.Model) (ciMatch, bool) {
	best := ciMatch{rank: -1}
	consider := func(r ci.Ref, verb string, rank int) {
		if pl, ok := m.Pipeline(r.Origin); ok && !pl.BuildsChanges() {
			rank += ciRankOffPipeline
		}
		if best.rank < 0 || rank < best.rank {
			best = ciMatch{ref: r, verb: verb, rank: rank}
		}
	}
	for _, r := range m.Uses {
		if ciMatchesAny(r.Text, c.uses) {
			if consider(r, "uses", ciRankUse); best.rank == ciRankUse {
				return best, true
			}
		}
	}
	for _, r := range m.Commands {
		if call, ok := ciInvokesAny(r, c.commands); ok {
			rank := ciRankCommand
			if call.Exports() {
				rank = ciRankExport
			}
			if consider(r, "runs", rank); best.rank == ciRankCommand {
				return best, true
			}
		}
	}
	return best, best.rank >= 0
}

func ciMatchesAny(text string, res []*regexp.Regexp) bool {
	for _, re := range res {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

func ciInvokesAny(r ci.Ref, patterns []*ci.Pattern) (ci.Call, bool) {
	for _, p := range patterns {
		if call, ok := r.Invokes(p); ok {
			return call, true
		}
	}
	return ci.Call{}, false
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
