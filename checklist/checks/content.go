package checks

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"

	"github.com/prchq/prc/checklist/internal/parallel"
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
	Scope   string   `yaml:"scope"`
}

// readers is how many files a check reads at once: reads wait on the kernel more than on a core.
const readers = 8

type contentCheck struct {
	spec  contentSpec
	re    *regexp.Regexp
	scope Scope
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
	scope, err := parseScope(file, n, s.Scope)
	if err != nil {
		return nil, err
	}
	return scoped(contentCheck{spec: s, re: re, scope: scope}, scope), nil
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
	view := env.filesIn(c.scope)
	files, rendered := c.selectFiles(env, view)
	if len(rendered) > 0 {
		view = view.withRendered(rendered)
	}
	results := make([]contentResult, len(files))
	scan := func(i int) bool {
		results[i] = c.scan(view, files[i])
		return results[i].hit != nil
	}
	if c.spec.Absent {
		parallel.ForEach(len(files), readers, func(i int) { scan(i) })
		return c.absentOutcome(results)
	}
	if i := parallel.FirstMatch(len(files), readers, scan); i >= 0 {
		return verdict.Passed(*results[i].hit)
	}
	var problems []verdict.Evidence
	for _, r := range results {
		if r.problem != nil {
			problems = append(problems, *r.problem)
		}
	}
	if len(problems) > 0 {
		return verdict.Errored(problems...)
	}
	return verdict.Failed(verdict.Evidence{Message: fmt.Sprintf("no file matching %v contains %s", c.spec.Files, c.describe())})
}

// selectFiles lists the files the globs match. A chart template is replaced by the text of the
// objects rendered from it, when the service deploys any; it is never scanned raw.
func (c contentCheck) selectFiles(env *Env, view fileView) ([]repo.File, map[string]renderedFile) {
	all := env.Repo().Files()
	if view.whole {
		all = env.whole.Files()
	}
	plain, templates := splitTemplates(all, view.glob(c.spec.Files...))
	var files []repo.File
	for _, f := range plain {
		if f.Size <= repo.MaxFileSize {
			files = append(files, f)
		}
	}
	if len(templates) == 0 || view.whole {
		return files, nil
	}
	rendered := env.renderedText(templates)
	for p := range templates {
		if _, ok := rendered[p]; ok {
			files = append(files, repo.File{Path: p})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, rendered
}

// contentResult is what scanning one file found: a match, a problem, or neither.
type contentResult struct {
	hit, problem *verdict.Evidence
}

func (c contentCheck) scan(view fileView, f repo.File) contentResult {
	data, err := view.read(f.Path)
	if err != nil {
		return contentResult{problem: &verdict.Evidence{Path: f.Path, Message: err.Error()}}
	}
	if isChecklistFile(data) {
		return contentResult{}
	}
	if loc := c.re.FindIndex(data); loc != nil {
		line := lineOf(data, loc[0])
		if r, ok := view.rendered[f.Path]; ok {
			line = r.line // the rendered text's lines are not the template's
		}
		return contentResult{hit: &verdict.Evidence{Path: f.Path, Line: line, Message: c.describe()}}
	}
	return contentResult{}
}

func (c contentCheck) absentOutcome(results []contentResult) verdict.Outcome {
	var hits, problems []verdict.Evidence
	for _, r := range results {
		if r.hit != nil {
			hits = append(hits, *r.hit)
		}
		if r.problem != nil {
			problems = append(problems, *r.problem)
		}
	}
	switch {
	case len(hits) > 0:
		return verdict.Failed(hits...)
	case len(problems) > 0:
		return verdict.Errored(problems...)
	default:
		return verdict.Passed()
	}
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
