package checklist_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
)

func loadOrg(t *testing.T) *checklist.Checklist {
	t.Helper()
	const path = "testdata/extend/org.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := checklist.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseExtendingInherits(t *testing.T) {
	c := loadOrg(t)
	base, _, err := checklist.LoadBuiltin("builtin:v2")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "acme-prc" || c.Version != "2027.1" || c.Base != "builtin:v2" {
		t.Errorf("name, version, base = %q, %q, %q", c.Name, c.Version, c.Base)
	}
	if got, want := len(c.Items()), len(base.Items())+2-1; got != want {
		t.Errorf("%d items, want %d (base + 2 added - 1 disabled)", got, want)
	}
	if _, ok := c.Item("docs.architecture"); ok {
		t.Error("docs.architecture is disabled but still listed")
	}
	want := []checklist.Disabled{{ID: "docs.architecture", Title: mustItem(t, base, "docs.architecture").Title, Reason: "Architecture lives in the platform wiki."}}
	if !slices.Equal(c.Disabled, want) {
		t.Errorf("Disabled = %+v, want %+v", c.Disabled, want)
	}
	tests := map[string]struct {
		id, section, origin, tiersFrom string
		tiers                          []checklist.Tier
	}{
		"inherited":                {"cicd.ci", "cicd", "builtin:v2", "", []checklist.Tier{"critical", "standard", "experimental"}},
		"added to a base section":  {"security.pentest", "security", "testdata/extend/org.yaml", "", []checklist.Tier{"critical"}},
		"added to a new section":   {"compliance.data-map", "compliance", "testdata/extend/org.yaml", "", []checklist.Tier{"critical", "standard"}},
		"inherited, tiers changed": {"monitoring.tracing", "monitoring", "builtin:v2", "testdata/extend/org.yaml", []checklist.Tier{"critical"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			it := mustItem(t, c, tt.id)
			if it.Section != tt.section || it.Origin != tt.origin || it.TiersFrom != tt.tiersFrom || !slices.Equal(it.Tiers, tt.tiers) {
				t.Errorf("%s: section %q origin %q tiersFrom %q tiers %v, want %q %q %q %v", tt.id, it.Section, it.Origin, it.TiersFrom, it.Tiers, tt.section, tt.origin, tt.tiersFrom, tt.tiers)
			}
		})
	}
	secs := c.Sections
	if last := secs[len(secs)-1]; last.ID != "compliance" || last.Title != "Compliance" {
		t.Errorf("last section = %s %q, want the new compliance section after the base's", last.ID, last.Title)
	}
	security := secs[slices.IndexFunc(secs, func(s checklist.Section) bool { return s.ID == "security" })]
	if last := security.Items[len(security.Items)-1]; last.ID != "security.pentest" {
		t.Errorf("security ends with %s, want the added security.pentest", last.ID)
	}
	if !mustItem(t, c, "security.pentest").EvidenceRequired || mustItem(t, c, "compliance.data-map").EvidenceRequired {
		t.Error("EvidenceRequired should follow the evidence field")
	}
}

func TestParseExtendingV1(t *testing.T) {
	data, err := os.ReadFile("testdata/extend/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "builtin:v2", "builtin:v1", 1)
	text = strings.Replace(text, "  - item: monitoring.tracing\n    tiers: [critical]\n", "  - item: cicd.ci\n    tiers: [critical]\n", 1)
	c, err := checklist.Parse("org.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	v1, _, _ := checklist.LoadBuiltin("builtin:v1")
	if c.Base != "builtin:v1" || len(c.Items()) != len(v1.Items())+1 {
		t.Errorf("base %q with %d items, want builtin:v1 with %d", c.Base, len(c.Items()), len(v1.Items())+1)
	}
}

// TestParseExtendingEvidence: builtin:v3 asks for evidence on capacity.plan and extending
// checklists inherit that; builtin:v2, still loadable, does not ask.
func TestParseExtendingEvidence(t *testing.T) {
	data, err := os.ReadFile("testdata/extend/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for base, want := range map[string]bool{"builtin:v2": false, "builtin:v3": true} {
		t.Run(base, func(t *testing.T) {
			c, err := checklist.Parse("org.yaml", []byte(strings.Replace(string(data), "builtin:v2", base, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if it := mustItem(t, c, "capacity.plan"); c.Base != base || it.Origin != base || it.EvidenceRequired != want {
				t.Errorf("base %q, capacity.plan from %q asks for evidence: %v, want %v", c.Base, it.Origin, it.EvidenceRequired, want)
			}
		})
	}
}

func mustItem(t *testing.T, c *checklist.Checklist, id string) *checklist.Item {
	t.Helper()
	it, ok := c.Item(id)
	if !ok {
		t.Fatalf("no item %s", id)
	}
	return it
}

const orgHead = "apiVersion: prc/v1\nname: acme\nversion: \"1\"\nextends: builtin:v2\n"

func TestParseExtendingErrors(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"unknown base": {
			"apiVersion: prc/v1\nname: acme\nversion: \"1\"\nextends: builtin:v9\n",
			`org.yaml:4:10: extends must name a built-in checklist version (builtin:v1 or builtin:v2 or builtin:v3), got "builtin:v9"`,
		},
		"unpinned base": {
			"apiVersion: prc/v1\nname: acme\nversion: \"1\"\nextends: builtin\n",
			`org.yaml:4:10: extends must name a built-in checklist version`,
		},
		"tiers without extends": {
			"apiVersion: prc/v1\nname: acme\nversion: \"1\"\ntiers: []\nsections: []\n",
			`org.yaml:4:1: tiers applies only to a checklist that extends another`,
		},
		"tiers not a list": {orgHead + "tiers: {item: cicd.ci}\n", `org.yaml:5:8: tiers must be a list`},
		"unknown item in tiers": {
			orgHead + "tiers:\n  - item: cicd.nope\n    tiers: [critical]\n",
			`org.yaml:6:11: tiers: item "cicd.nope": unknown item`,
		},
		"unknown tier": {
			orgHead + "tiers:\n  - item: cicd.ci\n    tiers: [gold]\n",
			`org.yaml:7:13: tiers: item "cicd.ci": unknown tier "gold"`,
		},
		"empty tiers": {
			orgHead + "tiers:\n  - item: cicd.ci\n    tiers: []\n",
			`org.yaml:7:12: tiers: item "cicd.ci": tiers must be a non-empty list`,
		},
		"reason in tiers": {
			orgHead + "tiers:\n  - item: cicd.ci\n    tiers: [critical]\n    reason: x\n",
			`org.yaml:8:13: tiers: unknown field "reason"`,
		},
		"item named twice": {
			orgHead + "tiers:\n  - item: cicd.ci\n    tiers: [critical]\ndisable:\n  - item: cicd.ci\n    reason: no CI here\n",
			`org.yaml:9:11: disable: item "cicd.ci": the item is already named under tiers: or disable:`,
		},
		"entry not a mapping": {orgHead + "disable: [docs.readme]\n", `org.yaml:5:11: disable: `},
		"unknown item in disable": {
			orgHead + "disable:\n  - item: docs.nope\n    reason: x\n",
			`org.yaml:6:11: disable: item "docs.nope": unknown item`,
		},
		"disable without reason": {
			orgHead + "disable:\n  - item: docs.readme\n",
			`org.yaml:6:5: disable: item "docs.readme": reason is required`,
		},
		"unknown field in disable": {
			orgHead + "disable:\n  - item: docs.readme\n    because: x\n",
			`org.yaml:7:5: disable: unknown field "because"`,
		},
		"disable an own item": {
			orgHead + "sections:\n  - id: docs\n    items:\n      - {id: docs.wiki, title: Wiki, kind: manual}\ndisable:\n  - item: docs.wiki\n    reason: x\n",
			`org.yaml:10:11: disable: item "docs.wiki": the item is defined in this file; delete it instead`,
		},
		"redefine an inherited item": {
			orgHead + "sections:\n  - id: docs\n    items:\n      - {id: docs.readme, title: Readme, kind: manual}\n",
			`org.yaml:8:14: item "docs.readme": item is already defined by builtin:v2; change its tiers under tiers: or remove it under disable:`,
		},
		"retitle a base section": {
			orgHead + "sections:\n  - id: docs\n    title: Documents\n    items:\n      - {id: docs.wiki, title: Wiki, kind: manual}\n",
			`org.yaml:7:12: section "docs": the section is defined by builtin:v2; omit its title to add items to it`,
		},
		"base section twice": {
			orgHead + "sections:\n  - id: docs\n    items:\n      - {id: docs.wiki, title: Wiki, kind: manual}\n  - id: docs\n    items:\n      - {id: docs.faq, title: FAQ, kind: manual}\n",
			`org.yaml:9:9: section "docs": duplicate section id`,
		},
		"new section without title": {
			orgHead + "sections:\n  - id: legal\n    items:\n      - {id: legal.review, title: Review, kind: manual}\n",
			`org.yaml:6:5: section "legal": title is required`,
		},
		"evidence on an auto item": {
			orgHead + "sections:\n  - id: docs\n    items:\n      - {id: docs.wiki, title: Wiki, kind: auto, evidence: required, check: {files: {any: [WIKI]}}}\n",
			`org.yaml:8:60: item "docs.wiki": evidence applies only to manual items`,
		},
		"unknown evidence value": {
			orgHead + "sections:\n  - id: docs\n    items:\n      - {id: docs.wiki, title: Wiki, kind: manual, evidence: optional}\n",
			`org.yaml:8:62: item "docs.wiki": evidence must be "required", got "optional"`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := checklist.Parse("org.yaml", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %s", err, tt.want)
			}
		})
	}
}

func TestParseExtendingRejectsEmptyResult(t *testing.T) {
	base, _, _ := checklist.LoadBuiltin("builtin:v1")
	var b strings.Builder
	b.WriteString(strings.Replace(orgHead, "builtin:v2", "builtin:v1", 1) + "disable:\n")
	for _, it := range base.Items() {
		b.WriteString("  - {item: " + it.ID + ", reason: not ours}\n")
	}
	_, err := checklist.Parse("org.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "org.yaml:6:3: every item is disabled") {
		t.Errorf("error = %v, want the empty result rejected", err)
	}
}

// BenchmarkParse compares parsing the built-in checklist with parsing an org checklist that
// extends it, which parses the base too.
func BenchmarkParse(b *testing.B) {
	org, err := os.ReadFile("testdata/extend/org.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range map[string][]byte{"builtin": checklist.DefaultYAML(), "extends": org} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := checklist.Parse("c.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
