package e2e

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store/storetest"
)

// flaky is the mix of faults a fifth of GitHub calls meet: 5xx, a dropped connection, and a
// 502 behind which the request was served all the same.
var flaky = []githubfake.Fault{
	{Status: 500}, {Status: 502}, {Status: 503}, {Reset: true}, {Status: 502, AfterServe: true},
}

// TestNewRepositoriesGetOneIssueWhenAFifthOfCallsFail runs with the production backoff (a
// first retry within a second, doubling to 16 s) and reports the time from delivery to issue.
func TestNewRepositoriesGetOneIssueWhenAFifthOfCallsFail(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine, ghclient.WithBackoff(ghclient.DefaultRetryDelay, ghclient.DefaultRetryCap))
		e.fake.FailRandomly(nil, 0.2, flaky...)
		const n = 6
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			times []time.Duration
		)
		for k := range n {
			r := e.repo(fmt.Sprintf("svc-%d", k), map[string]string{"README.md": "# svc\n"})
			sent := time.Now()
			e.deliver("repository", e.payload("repository/created", r))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for len(e.prcIssues(r)) == 0 && time.Since(sent) < waitFor {
					time.Sleep(20 * time.Millisecond)
				}
				mu.Lock()
				times = append(times, time.Since(sent))
				mu.Unlock()
			}()
		}
		wg.Wait()
		e.settle()
		for k := range n {
			r := &githubfake.Repo{Owner: org, Name: fmt.Sprintf("svc-%d", k), FullName: org + "/" + fmt.Sprintf("svc-%d", k)}
			if got := len(e.prcIssues(r)); got != 1 {
				t.Errorf("%s: %d PRC issues, want exactly 1", r.FullName, got)
			}
		}
		sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
		st := e.fake.Requests()
		t.Logf("%s: time to issue with 20%% of calls failing: median %v, max %v; %d requests, %d faulted",
			engine, times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond), st.Total, st.Faulted)
		if worst := times[len(times)-1]; worst > 20*time.Second {
			t.Errorf("slowest issue took %v, want within 20s", worst)
		}
	})
}

// TestStaleListsAndLostAnswersStillOneIssue: lists miss issues for three seconds and half
// of the issue creations succeed behind a 502 or a dropped connection; no repository gets a
// second issue.
func TestStaleListsAndLostAnswersStillOneIssue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.fake.StaleLists(3 * time.Second)
		e.fake.FailRandomly(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), 0.5,
			githubfake.Fault{Status: 502, AfterServe: true}, githubfake.Fault{Reset: true, AfterServe: true})
		e.fake.FailRandomly(nil, 0.1)
		var repos []*githubfake.Repo
		for k := range 6 {
			r := e.repo(fmt.Sprintf("stale-%d", k), map[string]string{"README.md": "# stale\n"})
			repos = append(repos, r)
			e.deliver("repository", e.payload("repository/created", r))
		}
		for _, r := range repos {
			e.onePRCIssue(r)
		}
		st := e.fake.Requests()
		if st.Faulted == 0 {
			t.Error("no fault was injected")
		}
		t.Logf("%s: %d issue creations sent for 6 issues, %d requests faulted", engine, st.ByRoute["POST /repos/{owner}/{repo}/issues"], st.Faulted)
	})
}
