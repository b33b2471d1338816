package ghclient_test

import (
	"errors"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
)

func TestAbsentOrgFilesAreAskedForAtMostOnceAMinute(t *testing.T) {
	e := newEnv(t)
	clk := githubfake.NewClock(fixed)
	cs := e.clients(t, ghclient.WithClock(clk.Now), ghclient.WithNegativeCache(time.Minute, ".github"))
	c, _ := cs.Installation(bg, inst)
	const path = "prc/config.yml"
	steps := []struct {
		name     string
		before   func()
		owner    string
		repo     string
		wantSent int
	}{
		{name: "first ask", owner: org, repo: ".github", wantSent: 1},
		{name: "asked again: remembered", owner: org, repo: ".github", wantSent: 0},
		{name: "59s on: remembered", before: func() { clk.Advance(59 * time.Second) }, owner: org, repo: ".github", wantSent: 0},
		{name: "a minute on: asked", before: func() { clk.Advance(time.Second) }, owner: org, repo: ".github", wantSent: 1},
		{name: "after a push: asked", before: func() { cs.Invalidate(inst, org, ".github") }, owner: org, repo: ".github", wantSent: 1},
		{name: "push elsewhere: remembered", before: func() { cs.Invalidate(inst, org, repoN) }, owner: org, repo: ".github", wantSent: 0},
		{name: "other repositories: not remembered", owner: org, repo: repoN, wantSent: 1},
		{name: "other repositories again", owner: org, repo: repoN, wantSent: 1},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		before := apiRequests(e.fake)
		_, err := c.ReadFile(bg, st.owner, st.repo, "", path)
		if !errors.Is(err, gh.ErrNotFound) {
			t.Errorf("%s: err = %v, want gh.ErrNotFound", st.name, err)
		}
		if n := apiRequests(e.fake) - before; n != st.wantSent {
			t.Errorf("%s: sent %d, want %d", st.name, n, st.wantSent)
		}
	}
}

func TestConditionalReadsCostNoRateLimit(t *testing.T) {
	e := newEnv(t)
	cs := e.clients(t)
	c, _ := cs.Installation(bg, inst)
	for range 4 {
		if _, err := c.Repository(bg, org, repoN); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := cs.Budget(inst)
	if used := b.Limit - b.Remaining; used != 1 {
		t.Errorf("4 reads of an unchanged repository used %d of the budget, want 1", used)
	}
	if n := e.fake.Requests().NotModified["GET /repos/{owner}/{repo}"]; n != 3 {
		t.Errorf("%d answered 304, want 3", n)
	}
}
