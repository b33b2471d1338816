package checks

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// contentSpec is `content: {files: [globs], matches: regex, absent: bool}`. Without absent, some
// file matching the globs contains the expression; with absent, none does.
type contentSpec struct {
	Files   []string `yaml:"files"`
	Matches string   `yaml:"matches"`
	Absent  bool     `yaml:"absent"`
	Message string   `yaml:"message"`
}

type contentCheck struct {
	spec contentSpec
	re   *regexp.Regexp
}

func compileContent(file string, n *yaml.Node) (Check, error) {
	var s contentSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	if err := validateGlobs(file, n, "files", s.Files); err != nil {
		return nil, err
	}
	re, err := compileRegexp(file, n, "matches", s.Matches)
	if err != nil {
		return nil, err
	}
	return contentCheck{spec: s, re: re}, nil
}

// compileRegexp compiles the required regular expression under key, reporting its position.
func compileRegexp(file string, n *yaml.Node, key, expr string) (*regexp.Regexp, error) {
	at := yamlx.Get(n, key)
	if at == nil {
		return nil, yamlx.At(file, n, "", "%s is required", key)
	}
	re, err := regexp.Compile("(?m)" + expr)
	if err != nil {
		return nil, yamlx.At(file, at, "", "bad regular expression %q: %v", expr, err)
	}
	return re, nil
}

func (c contentCheck) Evaluate(env *Env) verdict.Outcome {
	var hits, problems []verdict.Evidence
	files := env.Glob(c.spec.Files...)
	for _, f := range files {
		if f.Size > repo.MaxFileSize {
			continue
		}
		data, err := env.ReadFile(f.Path)
		if err != nil {
			problems = append(problems, verdict.Evidence{Path: f.Path, Message: err.Error()})
			continue
		}
		if loc := c.re.FindIndex(data); loc != nil {
			hits = append(hits, verdict.Evidence{Path: f.Path, Line: lineOf(data, loc[0]), Message: c.describe()})
			if !c.spec.Absent {
				return verdict.Passed(hits...)
			}
		}
	}
	if c.spec.Absent {
		if len(hits) > 0 {
			return verdict.Failed(hits...)
		}
		if len(problems) > 0 {
			return verdict.Errored(problems...)
		}
		return verdict.Passed()
	}
	if len(problems) > 0 {
		return verdict.Errored(problems...)
	}
	return verdict.Failed(verdict.Evidence{Message: fmt.Sprintf("no file matching %v contains %s", c.spec.Files, c.describe())})
}

func (c contentCheck) describe() string {
	if c.spec.Message != "" {
		return c.spec.Message
	}
	return fmt.Sprintf("/%s/", c.spec.Matches)
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}
