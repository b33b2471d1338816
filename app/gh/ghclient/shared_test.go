package ghclient_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/store/storetest"
)

// TestSharedPacingSpacesTwoReplicas has two client factories, as two replicas, share their
// pacing through one store while each sends mutations of the installation concurrently: on the
// wire, every mutation starts at least the gap after the one before, whichever replica sent it.
func TestSharedPacingSpacesTwoReplicas(t *testing.T) {
	const (
		gap     = 50 * time.Millisecond
		senders = 3 // per replica
	)
	storetest.Run(t, func(t *testing.T, engine string) {
		e := newEnv(t)
		n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
		st := storetest.Open(t, engine)
		var wg sync.WaitGroup
		for r := range 2 {
			c := e.client(t, ghclient.WithPacing(gap, 0), ghclient.WithSharedPacer(st))
			for k := range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := c.AddLabel(bg, org, repoN, n, fmt.Sprintf("r%d-%d", r, k)); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		m := mutations(e.rec)
		sort.Slice(m, func(a, b int) bool { return m[a].at.Before(m[b].at) })
		if len(m) != 2*senders || len(e.fake.Labels(org, repoN, n)) != 2*senders {
			t.Fatalf("%d mutations, labels %v; want %d", len(m), e.fake.Labels(org, repoN, n), 2*senders)
		}
		for _, g := range gaps(m) {
			if g < gap {
				t.Errorf("mutations of two replicas %s apart, want at least %s", g, gap)
			}
		}
	})
}
