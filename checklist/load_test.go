package checklist_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/yamlx"
)

const validChecklist = `apiVersion: prc/v1
name: acme
version: "2024.1"
sections:
  - id: docs
    title: Docs
    items:
      - id: docs.readme
        title: README
        kind: auto
        tiers: [critical]
        check:
          files: {any: [README*], minLines: 2}
      - id: docs.review
        title: Reviewed
        kind: manual
`

func TestParseValid(t *testing.T) {
	c, err := checklist.Parse("checklist.yaml", []byte(validChecklist))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "acme" || c.Version != "2024.1" || len(c.Items()) != 2 {
		t.Fatalf("parsed %+v", c)
	}
	readme, _ := c.Item("docs.readme")
	if !readme.RequiredFor(checklist.TierCritical) || readme.RequiredFor(checklist.TierStandard) {
		t.Errorf("docs.readme tiers = %v, want critical only", readme.Tiers)
	}
	review, _ := c.Item("docs.review")
	if !review.RequiredFor(checklist.TierStandard) || review.RequiredFor(checklist.TierExperimental) {
		t.Errorf("docs.review tiers = %v, want the default critical and standard", review.Tiers)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		edit func(string) string
		want string
	}{
		"unknown item field": {
			edit: func(s string) string {
				return strings.Replace(s, "        check:\n          files", "        chek:\n          files", 1)
			},
			want: `checklist.yaml:12:9: item "docs.readme": unknown field "chek"`,
		},
		"duplicate id": {
			edit: func(s string) string { return strings.Replace(s, "id: docs.review", "id: docs.readme", 1) },
			want: `checklist.yaml:14:13: item "docs.readme": duplicate item id`,
		},
		"unknown check type": {
			edit: func(s string) string { return strings.Replace(s, "files: {any", "filez: {any", 1) },
			want: `checklist.yaml:13:11: item "docs.readme": unknown check type "filez"`,
		},
		"bad regex": {
			edit: func(s string) string {
				return strings.Replace(s, "files: {any: [README*], minLines: 2}", "content: {files: [README*], matches: 'a(b'}", 1)
			},
			want: `checklist.yaml:13:48: item "docs.readme": bad regular expression "a(b"`,
		},
		"bad CEL": {
			edit: func(s string) string {
				return strings.Replace(s, "files: {any: [README*], minLines: 2}", "cel: {select: {files: ['*.yaml']}, expr: 'object.spec.'}", 1)
			},
			want: `checklist.yaml:13:52: item "docs.readme": bad CEL expression in expr`,
		},
		"unknown tier": {
			edit: func(s string) string { return strings.Replace(s, "tiers: [critical]", "tiers: [gold]", 1) },
			want: `checklist.yaml:11:17: item "docs.readme": unknown tier "gold"`,
		},
		"bad glob": {
			edit: func(s string) string { return strings.Replace(s, "[README*]", "['README[']", 1) },
			want: `checklist.yaml:13:25: item "docs.readme": invalid glob "README["`,
		},
		"wrong apiVersion": {
			edit: func(s string) string { return strings.Replace(s, "prc/v1", "prc/v2", 1) },
			want: `checklist.yaml:1:13: apiVersion must be "prc/v1", got "prc/v2"`,
		},
		"missing version": {
			edit: func(s string) string { return strings.Replace(s, "version: \"2024.1\"\n", "", 1) },
			want: `checklist.yaml:1:1: version is required`,
		},
		"manual with check": {
			edit: func(s string) string { return s + "        check: {files: {any: [x]}}\n" },
			want: `checklist.yaml:17:16: item "docs.review": a manual item has no check`,
		},
		"auto without check": {
			edit: func(s string) string { return strings.Replace(s, "kind: manual", "kind: auto", 1) },
			want: `checklist.yaml:14:9: item "docs.review": an auto item needs a check`,
		},
		"id outside its section": {
			edit: func(s string) string { return strings.Replace(s, "id: docs.review", "id: ops.review", 1) },
			want: `checklist.yaml:14:13: item "ops.review": id must start with its section "docs."`,
		},
		"two check types": {
			edit: func(s string) string {
				return strings.Replace(s, "files: {any: [README*], minLines: 2}", "files: {any: [README*]}\n          content: {files: [x], matches: y}", 1)
			},
			want: `checklist.yaml:13:11: item "docs.readme": check must name exactly one check type, found 2`,
		},
		"wrong type": {
			edit: func(s string) string { return strings.Replace(s, "minLines: 2", "minLines: many", 1) },
			want: `checklist.yaml:13:18: item "docs.readme": cannot unmarshal !!str ` + "`many`",
		},
		"syntax error": {
			edit: func(s string) string { return strings.Replace(s, "title: Docs", "title: [Docs", 1) },
			want: `checklist.yaml:`,
		},
		"unknown top-level field": {
			edit: func(s string) string { return "owner: me\n" + s },
			want: `checklist.yaml:1:1: unknown field "owner"`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := checklist.Parse("checklist.yaml", []byte(tc.edit(validChecklist)))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n got %s\nwant prefix %s", err, tc.want)
			}
			var ye *yamlx.Error
			if !errors.As(err, &ye) || ye.Line == 0 {
				t.Errorf("error %v carries no line", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(validChecklist))
	f.Add(checklist.DefaultYAML())
	f.Add([]byte("a: &a [*a, *a]\nb: *a\n"))
	if org, err := os.ReadFile("testdata/extend/org.yaml"); err == nil {
		f.Add(org)
	}
	f.Add([]byte("apiVersion: prc/v1\nname: x\nversion: 1\nextends: builtin:v1\ndisable: [{item: cicd.ci, reason: r}]\ntiers: [{item: docs.readme, tiers: [critical]}]"))
	f.Add([]byte("apiVersion: prc/v1\nname: x\nversion: 1\nsections: [{id: a, title: A, items: [{id: a.b, title: B, kind: auto, check: {anyOf: [{allOf: []}]}}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := checklist.Parse("fuzz.yaml", data)
		if err != nil {
			var ye *yamlx.Error
			if !errors.As(err, &ye) {
				t.Fatalf("error %v is not positioned", err)
			}
			return
		}
		if c.Name == "" || c.Version == "" || len(c.Items()) == 0 {
			t.Fatalf("accepted an incomplete checklist: %+v", c)
		}
	})
}

// TestParseReportsEveryError checks that problems in separate items and sections are all
// reported, in file order, while one item's problems stop at its first.
func TestParseReportsEveryError(t *testing.T) {
	t.Parallel()
	text := validChecklist + `  - id: ops
    title: ""
    items: [{id: ops.x, title: X, kind: manual}]
  - id: sec
    title: Security
    items:
      - {id: sec.a, title: A, kind: auto, check: {filez: {}}}
      - {id: sec.b, title: B, kind: auto, check: {files: {any: [x]}}}
      - {id: sec.c, title: C, kind: sometimes}
`
	text = strings.Replace(text, "tiers: [critical]", "tiers: [gold]", 1)
	_, err := checklist.Parse("checklist.yaml", []byte(text))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`checklist.yaml:11:17: item "docs.readme": unknown tier "gold"`,
		`checklist.yaml:18:12: section "ops": title is required`,
		`checklist.yaml:23:51: item "sec.a": unknown check type "filez"`,
		`checklist.yaml:25:37: item "sec.c": kind must be auto or manual, got "sometimes"`,
	}
	got := strings.Split(err.Error(), "\n")
	ok := len(got) == len(want)
	for i := range want {
		ok = ok && strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("errors\n%s\nwant lines starting\n%s", err, strings.Join(want, "\n"))
	}
	var ye *yamlx.Error
	if !errors.As(err, &ye) || ye.Line != 11 {
		t.Errorf("errors.As finds %v, want the first error", ye)
	}
}
