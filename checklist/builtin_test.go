package checklist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
)

// TestBuiltinVersions loads each version of the built-in checklist by reference.
func TestBuiltinVersions(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		ref, version, source     string
		privileges, evidence, ok bool
		err                      string
	}{
		"plain":      {ref: "builtin", version: "3", source: checklist.DefaultSource, privileges: true, evidence: true, ok: true},
		"v3":         {ref: "builtin:v3", version: "3", source: checklist.DefaultSource, privileges: true, evidence: true, ok: true},
		"latest":     {ref: "builtin:latest", version: "3", source: checklist.DefaultSource, privileges: true, evidence: true, ok: true},
		"v2":         {ref: "builtin:v2", version: "2", source: "(built-in v2)", privileges: true, ok: true},
		"v1":         {ref: "builtin:v1", version: "1", source: "(built-in v1)", ok: true},
		"unknown":    {ref: "builtin:v9", ok: true, err: `unknown built-in checklist "builtin:v9" (known: builtin:v1, builtin:v2, builtin:v3)`},
		"a file":     {ref: "checklists/ours.yaml"},
		"empty name": {ref: ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ok, err := checklist.LoadBuiltin(tc.ref)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if tc.err != "" || err != nil {
				if err == nil || !strings.Contains(err.Error(), tc.err) || tc.err == "" {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if !ok {
				return
			}
			if c.Version != tc.version {
				t.Errorf("version %s, want %s", c.Version, tc.version)
			}
			if c.Source != tc.source {
				t.Errorf("source %q, want %q", c.Source, tc.source)
			}
			if _, has := c.Item("security.privileges"); has != tc.privileges {
				t.Errorf("security.privileges present = %v, want %v", has, tc.privileges)
			}
			if got := evidenceItems(c); (len(got) > 0) != tc.evidence {
				t.Errorf("items requiring evidence: %v, want some = %v", got, tc.evidence)
			}
		})
	}
}

// TestBuiltinIDsAreKept: item ids are a public contract, so every item of an earlier version is
// in the current one.
func TestBuiltinIDsAreKept(t *testing.T) {
	t.Parallel()
	current := checklist.Default()
	for _, v := range checklist.BuiltinVersions() {
		c, _, err := checklist.LoadBuiltin(checklist.BuiltinPrefix + v)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		for _, it := range c.Items() {
			if _, ok := current.Item(it.ID); !ok {
				t.Errorf("item %s of %s is missing from the current checklist", it.ID, v)
			}
		}
	}
}

// TestBuiltinV3AsksForEvidence: version 3 differs from version 2 only in asking for a link with
// the ticks of three manual items.
func TestBuiltinV3AsksForEvidence(t *testing.T) {
	t.Parallel()
	v2, _, err := checklist.LoadBuiltin("builtin:v2")
	if err != nil {
		t.Fatal(err)
	}
	v3 := checklist.Default()
	want := []string{"cicd.rollback", "capacity.plan", "resilience.game-day"}
	if got := evidenceItems(v3); !slices.Equal(got, want) {
		t.Errorf("v3 asks for evidence on %v, want %v", got, want)
	}
	if len(v2.Items()) != len(v3.Items()) {
		t.Fatalf("v2 has %d items, v3 %d", len(v2.Items()), len(v3.Items()))
	}
	for i, old := range v2.Items() {
		cur := v3.Items()[i]
		if old.ID != cur.ID || old.Title != cur.Title || !slices.Equal(old.Tiers, cur.Tiers) || old.Kind != cur.Kind {
			t.Errorf("item %d: v2 %s %q, v3 %s %q", i, old.ID, old.Title, cur.ID, cur.Title)
		}
	}
}

func evidenceItems(c *checklist.Checklist) []string {
	var out []string
	for _, it := range c.Items() {
		if it.EvidenceRequired {
			out = append(out, it.ID)
		}
	}
	return out
}
