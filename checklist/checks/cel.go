package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	"github.com/prchq/prc/checklist/internal/parallel"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// celCostLimit bounds the work of one CEL evaluation, so a hostile document cannot stall a check.
const celCostLimit = 1_000_000

// celSpec is a custom check written in CEL over parsed YAML/JSON documents:
//
//	cel:
//	  select: {kinds: [Deployment], files: ["deploy/**/*.yaml"]}
//	  where: has(object.spec)          # optional: documents to judge
//	  expr: object.spec.replicas >= 2  # bool, or a list of failure messages
//	  message: fewer than 2 replicas   # shown for a false bool
type celSpec struct {
	Select struct {
		Kinds []string `yaml:"kinds"`
		Files []string `yaml:"files"`
		// Matching, a regular expression, keeps only files whose text matches it: a cheap
		// filter before parsing.
		Matching string `yaml:"matching"`
	} `yaml:"select"`
	Where   string `yaml:"where"`
	Expr    string `yaml:"expr"`
	Message string `yaml:"message"`
}

type celCheck struct {
	spec     celSpec
	matching *regexp.Regexp
	where    cel.Program
	expr     cel.Program
}

func celEnv() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("object", cel.DynType),
		cel.Variable("path", cel.StringType),
		ext.Strings(), ext.Lists(), ext.Sets(),
	)
}

func compileCEL(file string, n *yaml.Node) (Check, error) {
	var s celSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	if len(s.Select.Kinds) == 0 && len(s.Select.Files) == 0 {
		return nil, yamlx.At(file, orNode(yamlx.Get(n, "select"), n), "", "select needs kinds or files")
	}
	if len(s.Select.Files) > 0 {
		if err := validateGlobs(file, yamlx.Get(n, "select"), "files", s.Select.Files); err != nil {
			return nil, err
		}
	}
	env, err := celEnv()
	if err != nil {
		return nil, fmt.Errorf("cel environment: %w", err)
	}
	c := celCheck{spec: s}
	if s.Select.Matching != "" {
		if c.matching, err = compileRegexp(file, yamlx.Get(n, "select"), "matching", s.Select.Matching); err != nil {
			return nil, err
		}
	}
	if c.expr, err = compileCELExpr(env, file, n, "expr", true); err != nil {
		return nil, err
	}
	if s.Where != "" {
		if c.where, err = compileCELExpr(env, file, n, "where", false); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func compileCELExpr(env *cel.Env, file string, n *yaml.Node, key string, allowList bool) (cel.Program, error) {
	at := yamlx.Get(n, key)
	if at == nil || strings.TrimSpace(at.Value) == "" {
		return nil, yamlx.At(file, n, "", "%s is required", key)
	}
	ast, iss := env.Compile(at.Value)
	if iss.Err() != nil {
		return nil, yamlx.At(file, at, "", "bad CEL expression in %s: %s", key, strings.ReplaceAll(iss.Err().Error(), "\n", " "))
	}
	out := ast.OutputType()
	ok := out == cel.BoolType || out == cel.DynType || (allowList && (out.IsAssignableType(cel.ListType(cel.StringType))))
	if !ok {
		return nil, yamlx.At(file, at, "", "%s must evaluate to a bool%s, not %s", key, map[bool]string{true: " or a list of strings"}[allowList], out)
	}
	prg, err := env.Program(ast, cel.CostLimit(celCostLimit))
	if err != nil {
		return nil, yamlx.At(file, at, "", "bad CEL expression in %s: %v", key, err)
	}
	return prg, nil
}

// celDoc is one document a CEL check judges.
type celDoc struct {
	path   string
	line   int
	object any
}

// key tells documents apart: a file's documents by line, and the objects rendered from one
// template line (a loop) by what they are.
func (d celDoc) key() string {
	m, _ := d.object.(map[string]any)
	meta, _ := m["metadata"].(map[string]any)
	return fmt.Sprintf("%s:%d:%v/%v/%v", d.path, d.line, m["kind"], meta["namespace"], meta["name"])
}

func (c celCheck) Evaluate(env *Env) verdict.Outcome {
	docs, problems := c.documents(env)
	var passes, fails []verdict.Evidence
	for _, d := range docs {
		vars := map[string]any{"object": d.object, "path": d.path}
		if c.where != nil {
			keep, err := evalBool(c.where, vars)
			if err != nil || !keep {
				continue
			}
		}
		msgs, err := c.judge(vars)
		if err != nil {
			problems = append(problems, verdict.Evidence{Path: d.path, Line: d.line, Message: "CEL: " + err.Error()})
			continue
		}
		if len(msgs) == 0 {
			passes = append(passes, verdict.Evidence{Path: d.path, Line: d.line, Message: "satisfies the check"})
		}
		for _, m := range msgs {
			fails = append(fails, verdict.Evidence{Path: d.path, Line: d.line, Message: m})
		}
	}
	return verdict.Resolve(passes, fails, problems)
}

// judge evaluates expr: false yields the spec's message, a list yields its strings as failures.
func (c celCheck) judge(vars map[string]any) ([]string, error) {
	val, _, err := c.expr.Eval(vars)
	if err != nil {
		return nil, err
	}
	switch v := val.(type) {
	case types.Bool:
		if v {
			return nil, nil
		}
		msg := c.spec.Message
		if msg == "" {
			msg = "does not satisfy " + c.spec.Expr
		}
		return []string{msg}, nil
	default:
		return stringList(val)
	}
}

func stringList(val ref.Val) ([]string, error) {
	native, err := val.ConvertToNative(stringSliceType)
	if err != nil {
		return nil, fmt.Errorf("expression must give a bool or a list of strings, got %s", val.Type().TypeName())
	}
	return native.([]string), nil
}

func evalBool(prg cel.Program, vars map[string]any) (bool, error) {
	val, _, err := prg.Eval(vars)
	if err != nil {
		return false, err
	}
	b, ok := val.(types.Bool)
	return ok && bool(b), nil
}

// documents lists what the check judges: the deployed objects of the selected kinds and those
// rendered from selected chart templates, then the documents of the other selected files. A file
// document that is also a deployed object (same file and line) is judged once, as deployed.
func (c celCheck) documents(env *Env) ([]celDoc, []verdict.Evidence) {
	var docs []celDoc
	seen, seenLine := map[string]bool{}, map[string]bool{}
	add := func(d celDoc) {
		if key := d.key(); d.line == 0 || !seen[key] {
			seen[key], seenLine[fmt.Sprintf("%s:%d", d.path, d.line)] = true, true
			docs = append(docs, d)
		}
	}
	files, templates := splitTemplates(env.Repo().Files(), env.Glob(c.spec.Select.Files...))
	kindDocs, problems := c.kindDocuments(env)
	for _, d := range append(kindDocs, env.renderedDocuments(templates)...) {
		add(d)
	}
	parsed := make([][]celDoc, len(files))
	errs := make([]error, len(files))
	parallel.ForEach(len(files), readers, func(i int) { parsed[i], errs[i] = c.fileDocuments(env, files[i].Path) })
	for i, f := range files {
		if errs[i] != nil {
			problems = append(problems, problemEvidence(f.Path, errs[i]))
		}
		for _, d := range parsed[i] {
			if !seenLine[fmt.Sprintf("%s:%d", d.path, d.line)] {
				add(d)
			}
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].path < docs[j].path })
	return docs, problems
}

// fileDocuments parses a selected file, unless its text fails the matching filter or it is a prc
// checklist.
func (c celCheck) fileDocuments(env *Env, path string) ([]celDoc, error) {
	data, err := env.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isChecklistFile(data) || (c.matching != nil && !c.matching.Match(data)) {
		return nil, nil
	}
	return env.Documents(path)
}

// kindDocuments selects Kubernetes objects, rendered charts and built overlays included, by kind.
func (c celCheck) kindDocuments(env *Env) ([]celDoc, []verdict.Evidence) {
	if len(c.spec.Select.Kinds) == 0 {
		return nil, nil
	}
	set := env.Kube()
	var docs []celDoc
	for _, o := range set.Objects {
		for _, k := range c.spec.Select.Kinds {
			if o.Kind == k {
				docs = append(docs, celDoc{path: o.Path, line: o.Line, object: o.Doc})
			}
		}
	}
	return docs, env.kubeProblemsFor(c.spec.Select.Kinds)
}
