package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist"
)

// TestBuiltinV1MigratesToV2: an organisation that pinned version 1 of the built-in checklist and
// moves to version 2 sees its open PRC issue migrate: manual ticks kept, security.privileges
// added, one comment saying so.
func TestBuiltinV1MigratesToV2(t *testing.T) {
	v1, err := checklist.BuiltinYAML("v1")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := checklist.BuiltinYAML("v2")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		settings := e.withOrgChecklist(string(v1))
		r := e.repo("payments", map[string]string{"README.md": "# payments\n"})
		e.fake.SetPermission(org, r.Name, "alice", "admin")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		if body := e.body(r, n); !strings.Contains(body, `"version":"1"`) || strings.Contains(body, "security.privileges") {
			t.Fatalf("issue is not on version 1:\n%s", body)
		}
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "cicd.rollback", true))

		e.fake.Push(org, settings.Name, settings.DefaultBranch, map[string]string{"prc/checklist.yaml": string(v2)})
		e.deliver("push", e.pushPayload(settings, "prc/checklist.yaml"))
		e.settle()

		body := e.body(r, n)
		if !strings.Contains(body, `"version":"2"`) || !strings.Contains(body, "<!-- prc:item security.privileges -->") {
			t.Errorf("issue not migrated to version 2:\n%s", body)
		}
		if ok, _ := itemState(t, body, "cicd.rollback"); !ok {
			t.Error("the tick on cicd.rollback was lost in the migration")
		}
		var migrations []string
		for _, c := range e.fake.Comments(r.Owner, r.Name, n) {
			if strings.Contains(c.Body, "version 1 to version 2") {
				migrations = append(migrations, c.Body)
			}
		}
		if len(migrations) != 1 || !strings.Contains(migrations[0], "security.privileges") {
			t.Errorf("want one comment naming security.privileges, got %q", migrations)
		}
	})
}
