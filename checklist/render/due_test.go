package render

import (
	"strings"
	"testing"
	"time"
)

func TestIssueBodyShowsDueDates(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	opts.Due = map[string]time.Time{
		"cicd.image-scan": time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		"cicd.rollback":   time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
		"cicd.nope":       time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	body, err := IssueBody(testReport(), "payments", opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "issue-due.md.golden", []byte(body))
	p, err := ParseBody(body)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"cicd.image-scan": "2027-03-31", "cicd.rollback": "2027-06-30"}
	for _, it := range p.Items {
		if it.Due != want[it.ID] {
			t.Errorf("item %s read back due %q, want %q", it.ID, it.Due, want[it.ID])
		}
	}
	plain, err := IssueBody(testReport(), "payments", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain, "due 20") {
		t.Error("a body without campaigns shows a due date")
	}
}

func TestLineDue(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ line, want string }{
		"none":             {"- [ ] ⬜ **todo** · Rollback · `cicd.rollback` <!-- prc:item cicd.rollback -->", ""},
		"ours":             {"- [ ] ❌ **fail** · Scan · `cicd.image-scan` · due 2027-03-31 <!-- prc:item cicd.image-scan -->", "2027-03-31"},
		"title says due":   {"- [ ] ❌ **fail** · x · due 1999-01-01 · `a.b` · due 2027-03-31 <!-- prc:item a.b -->", "2027-03-31"},
		"after the marker": {"- [ ] ❌ **fail** · x · `a.b` <!-- prc:item a.b --> · due 2027-03-31", ""},
		"not a date":       {"- [ ] x · due soon <!-- prc:item a.b -->", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := lineDue(tc.line); got != tc.want {
				t.Errorf("lineDue = %q, want %q", got, tc.want)
			}
		})
	}
}
