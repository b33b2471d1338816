package ghclient_test

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh/ghclient"
)

func statuses(reqs []sent) []int {
	var out []int
	for _, s := range reqs {
		out = append(out, s.status)
	}
	return out
}

func TestConditionalReads(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "first")
	c := e.client(t)
	bodies := []string{}
	read := func() {
		t.Helper()
		i, err := c.Issue(bg, org, repoN, n)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, i.Body)
	}
	read()
	read()
	e.fake.EditIssueBodyAs("alice", org, repoN, n, "second")
	read()
	read()
	if got := strings.Join(bodies, ","); got != "first,first,second,second" {
		t.Errorf("bodies %s", got)
	}
	reqs := e.rec.requests("GET")
	if got := statuses(reqs); len(got) != 4 || got[0] != 200 || got[1] != 304 || got[2] != 200 || got[3] != 304 {
		t.Errorf("statuses %v, want 200 304 200 304", got)
	}
	if reqs[0].header.Get("If-None-Match") != "" || reqs[1].header.Get("If-None-Match") == "" {
		t.Error("If-None-Match not sent only on repeated reads")
	}
}

func TestLargeAnswersStreamPastTheCache(t *testing.T) {
	e := newEnv(t)
	big := strings.Repeat("line\n", 20000)
	e.fake.Push(org, repoN, "main", map[string]string{"big.txt": big})
	c := e.client(t, ghclient.WithETagCache(64<<10))
	for range 2 {
		got, err := c.ReadFile(bg, org, repoN, "main", "big.txt")
		if err != nil || string(got) != big {
			t.Fatalf("ReadFile: %d bytes, %v; want %d", len(got), err, len(big))
		}
	}
	if got := statuses(e.rec.requests("GET")); len(got) != 2 || got[1] != 200 {
		t.Errorf("statuses %v, want two full answers", got)
	}
}

func TestETagCacheCanBeTurnedOff(t *testing.T) {
	e := newEnv(t)
	c := e.client(t, ghclient.WithETagCache(0))
	for range 2 {
		if _, err := c.Repository(bg, org, repoN); err != nil {
			t.Fatal(err)
		}
	}
	reqs := e.rec.requests("GET")
	if got := statuses(reqs); len(got) != 2 || got[1] != 200 || reqs[1].header.Get("If-None-Match") != "" {
		t.Errorf("statuses %v, want two unconditional reads", got)
	}
}
