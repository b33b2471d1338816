package checks

import (
	"bytes"
	"fmt"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// filesSpec is `files: {any: [globs], minLines: N}`: one of the globs exists, with at least
// minLines non-blank lines when set.
type filesSpec struct {
	Any      []string `yaml:"any"`
	MinLines int      `yaml:"minLines"`
	Scope    string   `yaml:"scope"`
}

type filesCheck struct {
	spec  filesSpec
	scope Scope
}

func compileFiles(file string, n *yaml.Node) (Check, error) {
	var s filesSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	if err := validateGlobs(file, n, "any", s.Any); err != nil {
		return nil, err
	}
	if s.MinLines < 0 {
		return nil, yamlx.At(file, yamlx.Get(n, "minLines"), "", "minLines must not be negative")
	}
	scope, err := parseScope(file, n, s.Scope)
	if err != nil {
		return nil, err
	}
	return scoped(filesCheck{spec: s, scope: scope}, scope), nil
}

// validateGlobs requires a non-empty list of well-formed doublestar patterns under key.
func validateGlobs(file string, n *yaml.Node, key string, globs []string) error {
	at := yamlx.Get(n, key)
	if len(globs) == 0 {
		if at == nil {
			at = n
		}
		return yamlx.At(file, at, "", "%s needs at least one glob", key)
	}
	for i, g := range globs {
		if !doublestar.ValidatePattern(g) {
			return yamlx.At(file, yamlx.Elem(at, i, at), "", "invalid glob %q", g)
		}
	}
	return nil
}

func (c filesCheck) Evaluate(env *Env) verdict.Outcome {
	view := env.filesIn(c.scope)
	found := view.glob(c.spec.Any...)
	if len(found) == 0 {
		return verdict.Failed(verdict.Evidence{Message: fmt.Sprintf("no file matches %v", c.spec.Any)})
	}
	if c.spec.MinLines == 0 {
		return verdict.Passed(verdict.Evidence{Path: found[0].Path, Message: "found"})
	}
	var short, problems []verdict.Evidence
	for _, f := range found {
		n, err := nonBlankLines(view, f)
		if err != nil {
			problems = append(problems, verdict.Evidence{Path: f.Path, Message: err.Error()})
			continue
		}
		if n >= c.spec.MinLines {
			return verdict.Passed(verdict.Evidence{Path: f.Path, Message: fmt.Sprintf("%d non-blank lines", n)})
		}
		short = append(short, verdict.Evidence{Path: f.Path, Message: fmt.Sprintf("has %d non-blank lines, want at least %d", n, c.spec.MinLines)})
	}
	if len(short) > 0 {
		return verdict.Failed(append(short, problems...)...)
	}
	return verdict.Errored(problems...)
}

func nonBlankLines(view fileView, f repo.File) (int, error) {
	if f.Size > repo.MaxFileSize {
		return 0, fmt.Errorf("skipped: larger than 1 MiB")
	}
	data, err := view.read(f.Path)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			n++
		}
	}
	return n, nil
}
