package reconcile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/store"
)

// TestRulesKeepTheLastGoodVersion shows what is in force when a person breaks the organisation
// checklist or the repository configuration, and the note the PRC issue shows about it.
func TestRulesKeepTheLastGoodVersion(t *testing.T) {
	t.Parallel()
	broken := "apiVersion: prc/v1\nname: acme\nversion: [\n"
	tests := map[string]struct {
		org, repo    string
		first        bool
		wantNote     string
		wantServices string
	}{
		"broken checklist, good one known": {org: broken, first: true, wantNote: "its last good version 1 is in force", wantServices: "api,worker"},
		"broken checklist, none known":     {org: broken, wantNote: "the built-in checklist is in force", wantServices: "shop"},
		"broken config, good one known":    {repo: "services: [\n", first: true, wantNote: ".github/prc.yml is invalid, so its last good version is in force", wantServices: "api,worker"},
		"broken config, none known":        {repo: "services: [\n", wantNote: ".github/prc.yml is invalid and was ignored", wantServices: "shop"},
		"broken org config":                {org: "", wantNote: "The organisation configuration is invalid and was ignored", wantServices: "shop"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{".github/prc.yml": monorepoConfig})
			if !tt.first {
				target = f.repo("shop2", map[string]string{".github/prc.yml": "service: shop\n"})
			}
			f.must(f.r.Repository(f.ctx, target, true))
			orgFiles := map[string]string{OrgChecklistPath: testChecklist, OrgConfigPath: "onboard: [\n"}
			if tt.org != "" {
				orgFiles = map[string]string{OrgChecklistPath: tt.org}
			}
			if tt.repo == "" {
				f.pushOrg(orgFiles)
			} else {
				f.gh.push(org, target.Name, "main", map[string]string{".github/prc.yml": tt.repo})
			}
			f.st.goodLists, f.st.goodConfigs = map[int64][]byte{}, map[int64][]byte{}
			if tt.first {
				f.st.goodConfigs[f.gh.repos[org+"/"+target.Name].repo.ID] = []byte(monorepoConfig)
				f.st.goodLists[f.inst] = []byte(testChecklist)
			}
			rules, err := f.r.loadRules(f.ctx, f.gh, f.inst, f.gh.repos[org+"/"+target.Name].repo)
			f.must(err)
			if len(rules.Problems) != 1 || !strings.Contains(rules.Problems[0], tt.wantNote) {
				t.Errorf("problems %q, want %q", rules.Problems, tt.wantNote)
			}
			var names []string
			for _, tg := range rules.Config.Targets("shop") {
				names = append(names, tg.Name)
			}
			if strings.Join(names, ",") != tt.wantServices {
				t.Errorf("services %v, want %s", names, tt.wantServices)
			}
		})
	}
}

func TestRulesStoreErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, method := range []string{"GoodChecklist", "GoodConfig"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{".github/prc.yml": "services: [\n"})
			f.pushOrg(map[string]string{OrgChecklistPath: "version: [\n"})
			f.st.fail[method] = boom
			if err := f.r.Repository(f.ctx, target, true); !errors.Is(err, boom) {
				t.Errorf("err = %v, want boom", err)
			}
		})
	}
}

func TestNoOrganisationRepository(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	delete(f.gh.repos, org+"/"+OrgRepo)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	if is := f.oneIssue(target); !strings.Contains(is.Body, "from checklist "+f.r.defaultChecklist.Name+" version") {
		t.Errorf("the built-in checklist is not in force:\n%s", is.Body)
	}
}

func TestBackfillAndResync(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.repo("shop", nil)
	f.repo("old", nil)
	f.gh.edit(org, "old", func(r *memRepo) { r.repo.Archived = true })
	targets, err := f.r.Backfill(f.ctx, f.inst)
	f.must(err)
	var names []string
	for _, tg := range targets {
		names = append(names, tg.Name)
	}
	if !slices.Equal(names, []string{OrgRepo, "shop"}) {
		t.Errorf("backfill lists %v", names)
	}
	f.st.installations = map[int64]store.Installation{1: {ID: 1}, 2: {ID: 2, Suspended: true}, 3: {ID: 3, Deleted: true}, f.inst: {ID: f.inst, Suspended: true}}
	ids, err := f.r.ResyncInstallations(f.ctx)
	f.must(err)
	if !slices.Equal(ids, []int64{1}) {
		t.Errorf("resync backfills %v, want the active installation 1", ids)
	}
	if targets, err := f.r.Backfill(f.ctx, f.inst); err != nil || len(targets) != 0 {
		t.Errorf("a suspended installation is backfilled: %v %v", targets, err)
	}
	boom := errors.New("boom")
	for _, m := range []string{"Installations", "Installation"} {
		f.st.fail[m] = boom
	}
	if _, err := f.r.ResyncInstallations(f.ctx); !errors.Is(err, boom) {
		t.Errorf("resync err = %v", err)
	}
	if _, err := f.r.Backfill(f.ctx, f.inst); !errors.Is(err, boom) {
		t.Errorf("backfill err = %v", err)
	}
	f.st.fail = map[string]error{}
	f.st.installations = map[int64]store.Installation{}
	for _, m := range []string{"Installation", "InstallationRepos"} {
		f.gh.fail = map[string]error{m: boom}
		if _, err := f.r.Backfill(f.ctx, f.inst); !errors.Is(err, boom) {
			t.Errorf("backfill with %s failing: err = %v", m, err)
		}
	}
}
