package reconcile

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// pushOrg replaces the organisation's settings and tells the Reconciler, as the push event does.
func (f *fixture) pushOrg(files map[string]string) {
	f.gh.push(org, OrgRepo, "main", files)
	f.r.ForgetOrgSettings(f.inst, org)
}

// TestOrgSettingsAreCached: the organisation's settings are listed once for many evaluations,
// read afresh at once after a push to the `.github` repository, and at most orgSettingsTTL late
// when the push went to another replica.
func TestOrgSettingsAreCached(t *testing.T) {
	t.Parallel()
	edited := testChecklist + "\n# edited\n"
	tests := map[string]struct {
		change   func(f *fixture, clock *time.Time)
		wantList int
		wantNew  bool
	}{
		"no change": {change: func(*fixture, *time.Time) {}, wantList: 0},
		"a push here": {change: func(f *fixture, _ *time.Time) {
			f.pushOrg(map[string]string{OrgChecklistPath: edited})
		}, wantList: 1, wantNew: true},
		"a push elsewhere, a moment ago": {change: func(f *fixture, clock *time.Time) {
			f.gh.push(org, OrgRepo, "main", map[string]string{OrgChecklistPath: edited})
			*clock = clock.Add(orgSettingsTTL - time.Second)
		}, wantList: 0},
		"a push elsewhere, a minute ago": {change: func(f *fixture, clock *time.Time) {
			f.gh.push(org, OrgRepo, "main", map[string]string{OrgChecklistPath: edited})
			*clock = clock.Add(orgSettingsTTL)
		}, wantList: 1, wantNew: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			f.r = New(f.st, f.gh, f.r.set, quietLog(), "test", WithClock(func() time.Time { return clock }))
			repo := f.gh.repos[org+"/"+OrgRepo].repo
			for range 3 {
				_, err := f.r.readOrgFiles(f.ctx, f.gh, f.inst, org)
				f.must(err)
			}
			if n := f.gh.calls["ReadDir"]; n != 1 {
				t.Fatalf("three reads listed the settings %d times, want once", n)
			}
			tc.change(f, &clock)
			got, err := f.r.readOrgFiles(f.ctx, f.gh, f.inst, repo.Owner)
			f.must(err)
			if n := f.gh.calls["ReadDir"] - 1; n != tc.wantList {
				t.Errorf("listed %d times after the change, want %d", n, tc.wantList)
			}
			if isNew := string(got.checklist) == edited; isNew != tc.wantNew {
				t.Errorf("read the edited checklist: %v, want %v", isNew, tc.wantNew)
			}
		})
	}
}

// TestOrgSettingsAbsent: an organisation without a `.github` repository, or without a prc/
// folder in it, has no settings, and a failed listing is an error, not an absence.
func TestOrgSettingsAbsent(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]struct {
		setup   func(f *fixture)
		wantErr error
	}{
		"no .github repository": {setup: func(f *fixture) { delete(f.gh.repos, org+"/"+OrgRepo) }},
		"no prc folder":         {setup: func(f *fixture) { f.gh.push(org, OrgRepo, "main", map[string]string{"README.md": "# org\n"}) }},
		"listing fails":         {setup: func(f *fixture) { f.gh.fail["ReadDir"] = boom }, wantErr: boom},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tc.setup(f)
			got, err := f.r.readOrgFiles(f.ctx, f.gh, f.inst, org)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got.checklist != nil || got.config != nil {
				t.Errorf("settings %+v, want none", got)
			}
		})
	}
}

// TestOrgSettingsReadOnceAtATime: workers that miss the cache together share one read, and a
// read in flight when a push drops the settings is not kept, as it may predate the push.
func TestOrgSettingsReadOnceAtATime(t *testing.T) {
	t.Parallel()
	for _, forget := range []bool{false, true} {
		var c orgCache
		now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
		release, fetches := make(chan struct{}), 0
		fetch := func() (orgFiles, error) {
			fetches++
			<-release
			return orgFiles{config: []byte("onboard: all\n")}, nil
		}
		first := make(chan error)
		go func() { _, err := c.load("7/acme", now, fetch); first <- err }()
		for inFlight := false; !inFlight; {
			c.mu.Lock()
			inFlight = c.reading["7/acme"] != nil
			c.mu.Unlock()
		}
		if forget {
			c.forget("7/acme")
		}
		others, quick := make(chan error, 4), atomic.Int32{}
		for range 4 {
			go func() {
				_, err := c.load("7/acme", now, func() (orgFiles, error) { quick.Add(1); return orgFiles{}, nil })
				others <- err
			}()
		}
		if !forget {
			close(release)
		}
		for range 4 {
			if err := <-others; err != nil {
				t.Fatal(err)
			}
		}
		if forget {
			close(release)
		}
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		got, _ := c.load("7/acme", now, func() (orgFiles, error) { return orgFiles{}, errors.New("read again") })
		if fetches != 1 || (quick.Load() == 0) == forget || (got.config == nil) == !forget {
			t.Errorf("forget=%v: %d slow reads, %d more, kept %+v", forget, fetches, quick.Load(), got)
		}
	}
}
