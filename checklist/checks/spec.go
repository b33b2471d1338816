package checks

import (
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// Check is a compiled check, ready to evaluate. Implementations are safe for concurrent use.
type Check interface {
	Evaluate(env *Env) verdict.Outcome
}

// compiler turns the value under a check-type key into a Check; file names the checklist for errors.
type compiler func(file string, n *yaml.Node) (Check, error)

func compilers() map[string]compiler {
	return map[string]compiler{
		"files":      compileFiles,
		"content":    compileContent,
		"ci":         repositoryWide(compileCI),
		"kubernetes": compileKubernetes,
		"dependency": compileDependency,
		"cel":        compileCEL,
		"dockerfile": compileDockerfile,
		"anyOf":      compileAnyOf,
		"allOf":      compileAllOf,
	}
}

// repositoryWide wraps a compiler of checks that read repositoryView, such as CI configuration,
// which lives at the repository root even for a service of a monorepo.
func repositoryWide(c compiler) compiler {
	return func(file string, n *yaml.Node) (Check, error) {
		check, err := c(file, n)
		if err != nil {
			return nil, err
		}
		return repositoryScoped{check}, nil
	}
}

// Types lists the check types a checklist may use.
func Types() []string {
	var names []string
	for k := range compilers() {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Compile builds a Check from a `check:` mapping with exactly one check-type key.
func Compile(file string, n *yaml.Node) (Check, error) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, yamlx.At(file, n, "", "check must be a mapping with one check type (%s)", strings.Join(Types(), ", "))
	}
	keys := yamlx.Keys(n)
	if len(keys) != 1 {
		return nil, yamlx.At(file, n, "", "check must name exactly one check type, found %d", len(keys))
	}
	compile, ok := compilers()[keys[0].Value]
	if !ok {
		return nil, yamlx.At(file, keys[0], "", "unknown check type %q (want one of %s)", keys[0].Value, strings.Join(Types(), ", "))
	}
	return compile(file, n.Content[1])
}
