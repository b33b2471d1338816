package ghclient_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
)

func gaps(reqs []sent) []time.Duration {
	var out []time.Duration
	for k := 1; k < len(reqs); k++ {
		out = append(out, reqs[k].at.Sub(reqs[k-1].at))
	}
	return out
}

func mutations(r *recorder) []sent {
	var out []sent
	for _, s := range r.requests("") {
		if s.method != "GET" {
			out = append(out, s)
		}
	}
	return out
}

func TestPacingSpacesMutations(t *testing.T) {
	const gap = 60 * time.Millisecond
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t, ghclient.WithPacing(gap, 0))
	calls := []func() error{
		func() error { return c.AddLabel(bg, org, repoN, n, "a") },
		func() error { _, err := c.Issue(bg, org, repoN, n); return err },
		func() error { return c.RemoveLabel(bg, org, repoN, n, "a") },
		func() error { _, err := c.EditIssue(bg, org, repoN, n, gh.IssueInput{Body: ptr("b")}); return err },
		func() error { return c.Comment(bg, org, repoN, n, "c") },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	m := mutations(e.rec)
	if len(m) != 4 {
		t.Fatalf("%d mutations, want 4", len(m))
	}
	for k, g := range gaps(m) {
		if g < gap {
			t.Errorf("%s after %s: %s apart, want at least %s", m[k+1].method, m[k].method, g, gap)
		}
	}
}

func TestPacingSerialisesConcurrentMutations(t *testing.T) {
	const gap = 40 * time.Millisecond
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t, ghclient.WithPacing(gap, 0))
	var wg sync.WaitGroup
	for k := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.AddLabel(bg, org, repoN, n, fmt.Sprint("l", k)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	m := mutations(e.rec)
	sort.Slice(m, func(a, b int) bool { return m[a].at.Before(m[b].at) })
	if len(m) != 5 || len(e.fake.Labels(org, repoN, n)) != 5 {
		t.Fatalf("%d mutations, labels %v", len(m), e.fake.Labels(org, repoN, n))
	}
	for _, g := range gaps(m) {
		if g < gap {
			t.Errorf("concurrent mutations %s apart, want at least %s", g, gap)
		}
	}
}

func TestPacingSpacesContentCreation(t *testing.T) {
	const gap = 400 * time.Millisecond
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t, ghclient.WithPacing(0, gap))
	for _, body := range []string{"one", "two"} {
		if err := c.Comment(bg, org, repoN, n, body); err != nil {
			t.Fatal(err)
		}
	}
	posts := e.rec.requests("POST")
	if len(posts) != 2 {
		t.Fatalf("%d POSTs, want 2", len(posts))
	}
	if g := posts[1].at.Sub(posts[0].at); g < gap {
		t.Errorf("comments %s apart, want at least %s", g, gap)
	}
}

// TestPacingOnlyPostsWaitForTheContentGap edits after a comment under a content gap of an hour:
// a paced edit would outlive its context, which ends long before the gap.
func TestPacingOnlyPostsWaitForTheContentGap(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t, ghclient.WithPacing(0, time.Hour))
	if err := c.Comment(bg, org, repoN, n, "one"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	for range 3 {
		if _, err := c.EditIssue(ctx, org, repoN, n, gh.IssueInput{Body: ptr("edit")}); err != nil {
			t.Fatalf("an edit after a comment waited for the content gap: %v", err)
		}
	}
}

func TestPacingLeavesReadsAloneAndHonoursCancellation(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
	c := e.client(t, ghclient.WithPacing(time.Hour, time.Hour))
	if err := c.Comment(bg, org, repoN, n, "first"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for range 3 {
		if _, err := c.Issue(bg, org, repoN, n); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	err := c.Comment(ctx, org, repoN, n, "second")
	if err == nil || errors.As(err, new(*gh.RetryLaterError)) {
		t.Errorf("err = %v, want the wait to give up with the caller's context", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
	if got := len(e.fake.Comments(org, repoN, n)); got != 1 {
		t.Errorf("%d comments, want only the first", got)
	}
}
