package checklist_test

import (
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
)

// TestBuiltinVersions loads each version of the built-in checklist by reference.
func TestBuiltinVersions(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		ref, version   string
		privileges, ok bool
		err            string
	}{
		"plain":      {ref: "builtin", version: "2", privileges: true, ok: true},
		"v2":         {ref: "builtin:v2", version: "2", privileges: true, ok: true},
		"latest":     {ref: "builtin:latest", version: "2", privileges: true, ok: true},
		"v1":         {ref: "builtin:v1", version: "1", ok: true},
		"unknown":    {ref: "builtin:v9", ok: true, err: `unknown built-in checklist "builtin:v9" (known: builtin:v1, builtin:v2)`},
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
			if _, has := c.Item("security.privileges"); has != tc.privileges {
				t.Errorf("security.privileges present = %v, want %v", has, tc.privileges)
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
