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

// Evaluate passes on the first passing check. Otherwise an error beats a failure, since the check
// that could not be evaluated might have passed; then a failure beats na.
func (a anyOf) Evaluate(env *Env) verdict.Outcome {
	var fails, errs, nas []verdict.Evidence
	sawFail, sawErr := false, false
	for _, c := range a {
		o := c.Evaluate(env)
		switch o.Status {
		case verdict.Pass:
			return o
		case verdict.Fail:
			sawFail = true
			fails = append(fails, o.Evidence...)
		case verdict.Error:
			sawErr = true
			errs = append(errs, o.Evidence...)
		default:
			nas = append(nas, o.Evidence...)
		}
	}
	switch {
	case sawErr:
		return verdict.Outcome{Status: verdict.Error, Evidence: append(errs, fails...)}
	case sawFail:
		return verdict.Outcome{Status: verdict.Fail, Evidence: fails}
	default:
		return verdict.Outcome{Status: verdict.NA, Evidence: nas}
	}
}

// Evaluate fails when any check fails; errors when any errs without a failure; na when all are na.
func (a allOf) Evaluate(env *Env) verdict.Outcome {
	var passes, fails, errs []verdict.Evidence
	sawPass, sawFail, sawErr := false, false, false
	for _, c := range a {
		o := c.Evaluate(env)
		switch o.Status {
		case verdict.Pass:
			sawPass = true
			passes = append(passes, o.Evidence...)
		case verdict.Fail:
			sawFail = true
			fails = append(fails, o.Evidence...)
		case verdict.Error:
			sawErr = true
			errs = append(errs, o.Evidence...)
		}
	}
	switch {
	case sawFail:
		return verdict.Outcome{Status: verdict.Fail, Evidence: append(fails, errs...)}
	case sawErr:
		return verdict.Outcome{Status: verdict.Error, Evidence: errs}
	case sawPass:
		return verdict.Outcome{Status: verdict.Pass, Evidence: passes}
	default:
		return verdict.Outcome{Status: verdict.NA}
	}
}
