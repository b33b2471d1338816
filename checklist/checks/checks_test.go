package checks_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

// evaluate compiles a `check:` block and runs it on an in-memory repository.
func evaluate(t *testing.T, check string, files map[string]string) verdict.Outcome {
	t.Helper()
	n, err := yamlx.Parse("test.yaml", []byte(check))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checks.Compile("test.yaml", n)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return c.Evaluate(checks.NewEnv(context.Background(), repo.NewMemory(files), nil))
}

type checkCase struct {
	check string
	files map[string]string
	want  verdict.Status
	// evidence, when set, must appear in the rendered evidence.
	evidence string
}

func runCases(t *testing.T, cases map[string]checkCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := evaluate(t, tc.check, tc.files)
			var ev []string
			for _, e := range got.Evidence {
				ev = append(ev, e.String())
			}
			if got.Status != tc.want {
				t.Errorf("status = %s, want %s; evidence %q", got.Status, tc.want, ev)
			}
			if tc.evidence != "" && !strings.Contains(strings.Join(ev, "\n"), tc.evidence) {
				t.Errorf("evidence %q lacks %q", ev, tc.evidence)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	readme := "# svc\n\none\ntwo\n\nthree\nfour\n"
	runCases(t, map[string]checkCase{
		"exists":            {`files: {any: ["README*"]}`, map[string]string{"Readme.md": ""}, verdict.Pass, "Readme.md found"},
		"missing":           {`files: {any: ["README*", "docs/**"]}`, map[string]string{"main.go": ""}, verdict.Fail, "no file matches"},
		"enough lines":      {`files: {any: [README.md], minLines: 5}`, map[string]string{"README.md": readme}, verdict.Pass, "5 non-blank lines"},
		"too few lines":     {`files: {any: [README.md], minLines: 6}`, map[string]string{"README.md": readme}, verdict.Fail, "README.md has 5 non-blank lines, want at least 6"},
		"one of many long":  {`files: {any: ["**/README.md"], minLines: 2}`, map[string]string{"README.md": "x", "docs/README.md": "a\nb\n"}, verdict.Pass, "docs/README.md"},
		"too large to read": {`files: {any: [big.md], minLines: 1}`, map[string]string{"big.md": strings.Repeat("a\n", repo.MaxFileSize)}, verdict.Error, "1 MiB"},
	})
}

func TestContent(t *testing.T) {
	runCases(t, map[string]checkCase{
		"matches":         {`content: {files: ["**/*.tf"], matches: 'resource\s+"datadog_monitor"'}`, map[string]string{"infra/main.tf": "\n\nresource \"datadog_monitor\" \"x\" {}"}, verdict.Pass, "infra/main.tf:3"},
		"no match":        {`content: {files: ["**/*.tf"], matches: 'datadog_monitor'}`, map[string]string{"infra/main.tf": "resource \"aws_s3_bucket\" \"x\" {}"}, verdict.Fail, "no file matching"},
		"absent ok":       {`content: {files: ["**/*.yaml"], matches: ':latest', absent: true}`, map[string]string{"a.yaml": "image: x:1.0"}, verdict.Pass, ""},
		"absent violated": {`content: {files: ["**/*.yaml"], matches: ':latest', absent: true, message: uses latest}`, map[string]string{"a.yaml": "a: 1\nimage: x:latest"}, verdict.Fail, "a.yaml:2 uses latest"},
		"multiline mode":  {`content: {files: [x.txt], matches: '^USER app$'}`, map[string]string{"x.txt": "FROM a\nUSER app\n"}, verdict.Pass, "x.txt:2"},
		"large skipped":   {`content: {files: ["*.txt"], matches: 'needle'}`, map[string]string{"big.txt": strings.Repeat("needle", repo.MaxFileSize)}, verdict.Fail, ""},
	})
}

func TestDockerfile(t *testing.T) {
	check := `dockerfile: {user: non-root}`
	runCases(t, map[string]checkCase{
		"non-root user":       {check, map[string]string{"Dockerfile": "FROM alpine\nUSER app\n"}, verdict.Pass, "Dockerfile:2"},
		"numeric user":        {check, map[string]string{"Dockerfile": "FROM alpine\nUSER 1000:1000\n"}, verdict.Pass, ""},
		"root":                {check, map[string]string{"Dockerfile": "FROM alpine\nUSER app\nRUN x\nUSER 0\n"}, verdict.Fail, "Dockerfile:4 final stage runs as USER 0"},
		"no user":             {check, map[string]string{"build/Dockerfile": "# build\nFROM alpine\nRUN apk add \\\n  curl\n"}, verdict.Fail, "build/Dockerfile:2 final stage sets no USER"},
		"user in build stage": {check, map[string]string{"Dockerfile": "FROM golang AS b\nUSER nobody\nFROM alpine\n"}, verdict.Fail, ""},
		"distroless nonroot":  {check, map[string]string{"Dockerfile": "FROM gcr.io/distroless/base:nonroot\n"}, verdict.Pass, ""},
		"one of two root":     {check, map[string]string{"Dockerfile": "FROM a\nUSER app\n", "tools/Dockerfile.ci": "FROM a\n"}, verdict.Fail, "tools/Dockerfile.ci"},
		"no dockerfile":       {check, map[string]string{"main.go": ""}, verdict.NA, ""},
		"no FROM":             {check, map[string]string{"Containerfile": "RUN x\n"}, verdict.Error, "no FROM"},
	})
}

func TestCombinators(t *testing.T) {
	pass := `{files: {any: [a]}}`
	fail := `{files: {any: [missing]}}`
	na := `{dockerfile: {user: non-root}}`
	errs := `{files: {any: [big], minLines: 1}}`
	files := map[string]string{"a": "x", "big": strings.Repeat("x\n", repo.MaxFileSize)}
	runCases(t, map[string]checkCase{
		"any pass":       {"anyOf: [" + fail + ", " + pass + "]", files, verdict.Pass, ""},
		"any fail":       {"anyOf: [" + fail + ", " + na + "]", files, verdict.Fail, ""},
		"any fail+error": {"anyOf: [" + errs + ", " + fail + "]", files, verdict.Error, "1 MiB"},
		"any error wins": {"anyOf: [" + fail + ", " + errs + "]", files, verdict.Error, "no file matches [missing]"},
		"any error":      {"anyOf: [" + errs + ", " + na + "]", files, verdict.Error, ""},
		"any na":         {"anyOf: [" + na + "]", files, verdict.NA, ""},
		"all pass":       {"allOf: [" + pass + ", " + na + "]", files, verdict.Pass, ""},
		"all fail":       {"allOf: [" + pass + ", " + fail + "]", files, verdict.Fail, ""},
		"all error":      {"allOf: [" + pass + ", " + errs + "]", files, verdict.Error, ""},
		"all na":         {"allOf: [" + na + ", " + na + "]", files, verdict.NA, ""},
	})
}

func TestCEL(t *testing.T) {
	deploy := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\n"
	one := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n"
	replicas := `cel: {select: {files: ["**/*.yaml"]}, where: 'object.kind == "Deployment"', expr: 'object.spec.replicas >= 2', message: 'fewer than 2 replicas'}`
	runCases(t, map[string]checkCase{
		"pass":            {replicas, map[string]string{"k/a.yaml": deploy}, verdict.Pass, ""},
		"fail":            {replicas, map[string]string{"k/a.yaml": deploy, "k/b.yaml": one}, verdict.Fail, "k/b.yaml:1 fewer than 2 replicas"},
		"none selected":   {replicas, map[string]string{"k/a.json": "{}"}, verdict.NA, ""},
		"json documents":  {`cel: {select: {files: ["*.json"]}, expr: 'object.name.startsWith("svc-")'}`, map[string]string{"a.json": `{"name": "svc-a"}`}, verdict.Pass, ""},
		"list of reasons": {`cel: {select: {files: ["*.yaml"]}, expr: 'object.items.filter(i, i > 2).map(i, "item " + string(i) + " too big")'}`, map[string]string{"a.yaml": "items: [1, 3, 4]"}, verdict.Fail, "item 4 too big"},
		"runtime error":   {`cel: {select: {files: ["*.yaml"]}, expr: 'object.missing == 1'}`, map[string]string{"a.yaml": "a: 1"}, verdict.Error, "no such key"},
		"malformed yaml":  {replicas, map[string]string{"a.yaml": "a: [1"}, verdict.Error, "a.yaml"},
		"alias bomb":      {replicas, map[string]string{"a.yaml": aliasBomb()}, verdict.Error, "a.yaml"},
		"path variable":   {`cel: {select: {files: ["**/*.yaml"]}, expr: 'path.startsWith("deploy/")'}`, map[string]string{"deploy/a.yaml": "a: 1"}, verdict.Pass, ""},
	})
}

// aliasBomb is a "billion laughs" document: nine levels of nine aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	b.WriteString("kind: Deployment\n")
	return b.String()
}

func TestCompileErrors(t *testing.T) {
	tests := map[string]string{
		`files: {any: []}`:                                        "any needs at least one glob",
		`files: {any: [a], minLines: -1}`:                         "minLines must not be negative",
		`files: {all: [a]}`:                                       `unknown field "all"`,
		`content: {files: [a]}`:                                   "matches is required",
		`dockerfile: {user: root}`:                                "dockerfile supports user: non-root",
		`cel: {select: {}, expr: 'true'}`:                         "select needs kinds or files",
		`cel: {select: {files: [a]}, expr: '1 + 1'}`:              "expr must evaluate to a bool",
		`cel: {select: {files: [a]}, expr: 'true', where: '"x"'}`: "where must evaluate to a bool",
		`anyOf: []`: "anyOf must be a non-empty list",
		`{}`:        "check must name exactly one check type, found 0",
		`files`:     "check must be a mapping",
	}
	for check, want := range tests {
		t.Run(check, func(t *testing.T) {
			n, err := yamlx.Parse("c.yaml", []byte(check))
			if err != nil {
				t.Fatal(err)
			}
			_, err = checks.Compile("c.yaml", n)
			if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "c.yaml:1:") {
				t.Errorf("Compile(%s) = %v, want c.yaml:1:… %s", check, err, want)
			}
		})
	}
}

func TestCELKinds(t *testing.T) {
	chart := map[string]string{
		"charts/api/Chart.yaml":                "apiVersion: v2\nname: api\nversion: 0.1.0\n",
		"charts/api/values.yaml":               "replicas: 1\n",
		"charts/api/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: {{ .Values.replicas }}\n",
	}
	check := `cel: {select: {kinds: [Deployment]}, expr: 'object.spec.replicas >= 2', message: 'fewer than 2 replicas'}`
	runCases(t, map[string]checkCase{
		"rendered chart fails": {check, chart, verdict.Fail, "charts/api/templates/deployment.yaml"},
		"no such kind":         {check, map[string]string{"a.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n"}, verdict.NA, ""},
		"raw passes":           {check, map[string]string{"k/a.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 3}\n"}, verdict.Pass, "k/a.yaml:1"},
	})
}

func TestCELMatching(t *testing.T) {
	check := `cel: {select: {files: ["*.yaml"], matching: 'groups:'}, expr: 'object.groups.size() > 0'}`
	runCases(t, map[string]checkCase{
		"filtered out": {check, map[string]string{"a.yaml": "name: x\n"}, verdict.NA, ""},
		"kept":         {check, map[string]string{"a.yaml": "groups: [a]\n"}, verdict.Pass, ""},
	})
}
