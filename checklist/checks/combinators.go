package checks

import (
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// anyOf passes when one of its checks passes.
type anyOf []Check

// allOf passes when none of its checks fails and at least one passes.
type allOf []Check

func compileAnyOf(file string, n *yaml.Node) (Check, error) {
	checks, err := compileList(file, n, "anyOf")
	return anyOf(checks), err
}

func compileAllOf(file string, n *yaml.Node) (Check, error) {
	checks, err := compileList(file, n, "allOf")
	return allOf(checks), err
}

func compileList(file string, n *yaml.Node, name string) ([]Check, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, yamlx.At(file, n, "", "%s must be a non-empty list of checks", name)
	}
	var out []Check
	for _, c := range n.Content {
		check, err := Compile(file, c)
		if err != nil {
			return nil, err
		}
		out = append(out, check)
	}
	return out, nil
}

// tally collects the outcomes of a combinator's checks by status.
type tally struct {
	pass, fail, err, na []verdict.Evidence
	sawPass, sawFail    bool
	sawErr              bool
}

func (t *tally) add(o verdict.Outcome) {
	switch o.Status {
	case verdict.Pass:
		t.sawPass, t.pass = true, append(t.pass, o.Evidence...)
	case verdict.Fail:
		t.sawFail, t.fail = true, append(t.fail, o.Evidence...)
	case verdict.Error:
		t.sawErr, t.err = true, append(t.err, o.Evidence...)
	default:
		t.na = append(t.na, o.Evidence...)
	}
}

// Evaluate passes on the first passing check. When none passes, an error beats a failure: the
// alternative that could not be evaluated might have passed, so a failure would claim more than
// prc knows, and a false failure costs more trust than an honest "could not tell". Both block a
// launch alike. The evidence lists the errors first, then the other alternatives' failures. A
// failure beats na. (allOf and single checks differ: there one definite failure settles it.)
func (a anyOf) Evaluate(env *Env) verdict.Outcome {
	var t tally
	for _, c := range a {
		o := c.Evaluate(env)
		if o.Status == verdict.Pass {
			return o
		}
		t.add(o)
	}
	switch {
	case t.sawErr:
		return verdict.Outcome{Status: verdict.Error, Evidence: append(t.err, t.fail...)}
	case t.sawFail:
		return verdict.Outcome{Status: verdict.Fail, Evidence: t.fail}
	default:
		return verdict.Outcome{Status: verdict.NA, Evidence: t.na}
	}
}

// Evaluate fails when any check fails; errors when any errs without a failure; na when all are na.
func (a allOf) Evaluate(env *Env) verdict.Outcome {
	var t tally
	for _, c := range a {
		t.add(c.Evaluate(env))
	}
	switch {
	case t.sawFail:
		return verdict.Outcome{Status: verdict.Fail, Evidence: append(t.fail, t.err...)}
	case t.sawErr:
		return verdict.Outcome{Status: verdict.Error, Evidence: t.err}
	case t.sawPass:
		return verdict.Outcome{Status: verdict.Pass, Evidence: t.pass}
	default:
		return verdict.Outcome{Status: verdict.NA}
	}
}
