package checks

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/deps"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// dependencySpec is `dependency: {any: [pattern], message: text}`: some manifest declares a
// dependency whose name matches a pattern, exactly or, with a trailing "*", by prefix.
type dependencySpec struct {
	Any     []string `yaml:"any"`
	Message string   `yaml:"message"`
}

type dependencyCheck struct {
	patterns []deps.Pattern
	spec     dependencySpec
}

// Dependencies returns the dependencies declared by the repository's manifests, computed once
// per Env.
func (e *Env) Dependencies() *deps.Set {
	return e.Memo("deps", func() any { return deps.Parse(envSnapshot{e}) }).(*deps.Set)
}

func compileDependency(file string, n *yaml.Node) (Check, error) {
	var s dependencySpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	at := yamlx.Get(n, "any")
	if len(s.Any) == 0 {
		if at == nil {
			at = n
		}
		return nil, yamlx.At(file, at, "", "any needs at least one dependency pattern")
	}
	c := dependencyCheck{spec: s}
	for i, raw := range s.Any {
		p, err := deps.ParsePattern(raw)
		if err != nil {
			return nil, yamlx.At(file, at.Content[i], "", "bad dependency pattern %q: %v", raw, err)
		}
		c.patterns = append(c.patterns, p)
	}
	return c, nil
}

func (c dependencyCheck) Evaluate(env *Env) verdict.Outcome {
	set := env.Dependencies()
	if d, _, ok := set.Find(c.patterns); ok {
		return verdict.Passed(verdict.Evidence{Path: d.Path, Line: d.Line, Message: fmt.Sprintf("depends on %s", d.Name)})
	}
	miss := verdict.Evidence{Message: c.missMessage(set)}
	if len(set.Problems) > 0 {
		return verdict.Errored(append(append([]verdict.Evidence(nil), set.Problems...), miss)...)
	}
	return verdict.Failed(miss)
}

func (c dependencyCheck) missMessage(set *deps.Set) string {
	what := c.spec.Message
	if what == "" {
		what = strings.Join(c.spec.Any, ", ")
	}
	if len(set.Manifests) == 0 {
		return fmt.Sprintf("no dependency matches %s (no dependency manifests found)", what)
	}
	return fmt.Sprintf("no dependency matches %s (read %d manifests)", what, len(set.Manifests))
}
