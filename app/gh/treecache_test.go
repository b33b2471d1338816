package gh

import (
	"errors"
	"testing"
)

func TestTreeCache(t *testing.T) {
	c := NewTreeCache(2)
	reads := 0
	read := func(sha string) func() (Tree, error) {
		return func() (Tree, error) { reads++; return Tree{CommitSHA: sha}, nil }
	}
	for _, sha := range []string{"a", "a", "b", "a", "b"} {
		if got, err := c.Load("acme", "gitops", sha, read(sha)); err != nil || got.CommitSHA != sha {
			t.Fatalf("Load(%s) = %+v, %v", sha, got, err)
		}
	}
	if reads != 2 {
		t.Errorf("%d reads for two commits, want 2", reads)
	}
	c.Load("acme", "gitops", "c", read("c"))
	c.Load("acme", "gitops", "a", read("a"))
	if reads != 4 {
		t.Errorf("%d reads, want the oldest tree evicted and read again (4)", reads)
	}
	c.Load("acme", "other", "c", read("c"))
	if reads != 5 {
		t.Errorf("%d reads, want the same commit of another repository read (5)", reads)
	}
	boom := errors.New("boom")
	if _, err := c.Load("acme", "gitops", "d", func() (Tree, error) { return Tree{}, boom }); !errors.Is(err, boom) {
		t.Errorf("error = %v, want it passed on", err)
	}
	c.Load("acme", "gitops", "e", func() (Tree, error) { reads++; return Tree{CommitSHA: "e", Truncated: true}, nil })
	c.Load("acme", "gitops", "e", func() (Tree, error) { reads++; return Tree{CommitSHA: "e", Truncated: true}, nil })
	if reads != 7 {
		t.Errorf("%d reads, want a truncated tree not kept (7)", reads)
	}
}
