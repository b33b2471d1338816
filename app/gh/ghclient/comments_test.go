package ghclient_test

import (
	"errors"
	"testing"

	"github.com/prchq/prc/app/gh"
)

func TestPostFindAndEditComment(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("prc[bot]", org, repoN, "Production readiness: api", "", "prc")
	e.fake.CommentAs("alice", org, repoN, n, "an unrelated comment")
	c := e.client(t)
	id, err := c.PostComment(bg, org, repoN, n, "regressed <!-- prc:regression 7 -->")
	if err != nil || id == 0 {
		t.Fatalf("PostComment = %d, %v", id, err)
	}
	tests := map[string]struct {
		marker string
		want   int64
	}{
		"present": {marker: "<!-- prc:regression 7 -->", want: id},
		"absent":  {marker: "<!-- prc:regression 8 -->", want: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.FindComment(bg, org, repoN, n, tc.marker)
			if err != nil || got != tc.want {
				t.Errorf("FindComment(%q) = %d, %v; want %d", tc.marker, got, err, tc.want)
			}
		})
	}
	if err := c.EditComment(bg, org, repoN, id, "recovered <!-- prc:regression 7 -->"); err != nil {
		t.Fatal(err)
	}
	cs := e.fake.Comments(org, repoN, n)
	if len(cs) != 2 || cs[1].ID != id || cs[1].Body != "recovered <!-- prc:regression 7 -->" || cs[1].Author != "prc[bot]" {
		t.Errorf("comments after the edit = %+v", cs)
	}
	if err := c.EditComment(bg, org, repoN, id+1000, "x"); !errors.Is(err, gh.ErrNotFound) {
		t.Errorf("editing a missing comment = %v, want ErrNotFound", err)
	}
}
