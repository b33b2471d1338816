package reconcile

import (
	"errors"
	"strings"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/render"
)

const monorepoConfig = `services:
  - name: api
    path: services/api
  - name: worker
    path: services/worker
`

func TestRepositoryOnboarding(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files     map[string]string
		force     bool
		archived  bool
		onboard   string
		wantTitle []string
	}{
		"new repository":           {files: map[string]string{"README.md": "# x\n"}, force: true, wantTitle: []string{"Production readiness: shop"}},
		"not opted in":             {files: map[string]string{"README.md": "# x\n"}},
		"opted in":                 {files: map[string]string{".github/prc.yml": "service: shop\n"}, wantTitle: []string{"Production readiness: shop"}},
		"organisation onboards":    {files: map[string]string{}, onboard: "onboard: all\n", wantTitle: []string{"Production readiness: shop"}},
		"organisation opts in":     {files: map[string]string{}, onboard: "onboard: opt-in\n"},
		"archived":                 {files: map[string]string{"README.md": "# x\n"}, force: true, archived: true},
		"monorepo":                 {files: map[string]string{".github/prc.yml": monorepoConfig}, wantTitle: []string{"Production readiness: api", "Production readiness: worker"}},
		"broken org config":        {files: map[string]string{}, onboard: "onboard: sometimes\n"},
		"broken repository config": {files: map[string]string{".github/prc.yml": "services: [\n"}, wantTitle: []string{"Production readiness: shop"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.onboard != "" {
				f.pushOrg(map[string]string{OrgChecklistPath: testChecklist, OrgConfigPath: tt.onboard})
			}
			target := f.repo("shop", tt.files)
			f.gh.edit(org, "shop", func(r *memRepo) { r.repo.Archived = tt.archived })
			f.must(f.r.Repository(f.ctx, target, tt.force))
			var titles []string
			for _, is := range f.issues(target) {
				titles = append(titles, is.Title)
				if !is.HasLabel("prc") {
					t.Errorf("issue %q lacks the prc label", is.Title)
				}
			}
			if strings.Join(titles, "|") != strings.Join(tt.wantTitle, "|") {
				t.Errorf("issues %q, want %q", titles, tt.wantTitle)
			}
		})
	}
}

func TestRepositoryIsIdempotent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{"README.md": "# x\n"})
	f.must(f.r.Repository(f.ctx, target, true))
	f.must(f.r.Repository(f.ctx, target, false))
	f.oneIssue(target)
	if n := f.gh.calls["EditIssue"]; n != 0 {
		t.Errorf("an unchanged repository edited its issue %d times", n)
	}
	f.gh.push(org, "shop", "main", map[string]string{"README.md": "# x\n", "RUNBOOK.md": "# run\n"})
	f.must(f.r.Repository(f.ctx, target, false))
	is := f.oneIssue(target)
	if f.gh.calls["EditIssue"] != 1 || !strings.Contains(is.Body, "- [x] ✅ **pass** · Runbook exists") {
		t.Errorf("a push that fixes an item edits the issue once; %d edits, body:\n%s", f.gh.calls["EditIssue"], is.Body)
	}
}

func TestRepositoryNothingToDo(t *testing.T) {
	t.Parallel()
	tests := map[string]func(f *fixture){
		"suspended":           func(f *fixture) { f.st.installations[f.inst] = store.Installation{ID: f.inst, Suspended: true} },
		"uninstalled":         func(f *fixture) { f.st.installations[f.inst] = store.Installation{ID: f.inst, Deleted: true} },
		"gone from GitHub":    func(f *fixture) { delete(f.gh.repos, org+"/shop") },
		"default branch gone": func(f *fixture) { f.gh.edit(org, "shop", func(r *memRepo) { delete(r.refs, "main") }) },
	}
	for name, setup := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{"README.md": "# x\n"})
			setup(f)
			err := f.r.Repository(f.ctx, target, true)
			if name == "default branch gone" {
				if !errors.Is(err, gh.ErrNotFound) {
					t.Errorf("err = %v, want not found", err)
				}
				return
			}
			if err != nil {
				t.Errorf("err = %v", err)
			}
			if f.gh.calls["CreateIssue"] != 0 {
				t.Error("an issue was opened")
			}
		})
	}
}

// TestRepositoryErrors shows that every failure on the way reaches the caller, so the job retries.
func TestRepositoryErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := map[string]fault{
		"installation client": {gh: "Installation"},
		"repository":          {gh: "Repository"},
		"org files":           {gh: "ReadFile"},
		"tree":                {gh: "ReadTree"},
		"blob":                {gh: "ReadBlob"},
		"create":              {gh: "CreateIssue"},
		"store installation":  {st: "Installation"},
		"store repository":    {st: "UpsertRepository"},
		"store services":      {st: "Services"},
		"store ensure":        {st: "EnsureService"},
		"store ticks":         {st: "Ticks"},
		"store lock":          {st: "TryLock"},
		"store save":          {st: "SaveEvaluation"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{"README.md": "# x\n", "deploy/app.yaml": "image: x:1\n"})
			f.failOn(tt, boom)
			if err := f.r.Repository(f.ctx, target, true); !errors.Is(err, boom) {
				t.Errorf("err = %v, want boom", err)
			}
		})
	}
}

func TestEnsureLabelFailure(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err       error
		wantIssue bool
	}{
		"label not created": {errors.New("422"), true},
		"slow down":         {&gh.RetryLaterError{Err: errors.New("secondary limit")}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{})
			f.gh.fail["EnsureLabel"] = tt.err
			err := f.r.Repository(f.ctx, target, true)
			if got := len(f.issues(target)) == 1; got != tt.wantIssue || (err == nil) != tt.wantIssue {
				t.Errorf("issue opened %v, err %v", got, err)
			}
		})
	}
}

func TestBusyServiceIsRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	svc := f.service(target, "shop")
	f.st.locks[issueLock(svc.RepoID, "shop")] = "another-process/1"
	if err := f.r.Repository(f.ctx, target, false); !errors.Is(err, ErrBusy) {
		t.Errorf("err = %v, want ErrBusy", err)
	}
	f.st.fail["Unlock"] = errors.New("store down")
	delete(f.st.locks, issueLock(svc.RepoID, "shop"))
	if err := f.r.Repository(f.ctx, target, false); err != nil {
		t.Errorf("a failed unlock fails the work: %v", err)
	}
}

// TestCrashBetweenClaimAndCreate recovers the issue a crash left unrecorded: no second issue.
func TestCrashBetweenClaimAndCreate(t *testing.T) {
	t.Parallel()
	tests := map[string]func(f *fixture, is gh.Issue){
		"marker names the service": func(*fixture, gh.Issue) {},
		"title names the service": func(f *fixture, is gh.Issue) {
			f.gh.edit(org, "shop", func(r *memRepo) { r.issues[is.Number-1].Body = "a person rewrote this" })
		},
	}
	for name, mangle := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", map[string]string{})
			f.must(f.r.Repository(f.ctx, target, true))
			is := f.oneIssue(target)
			mangle(f, is)
			svc := f.service(target, "shop")
			f.must(f.st.SetIssue(f.ctx, svc.ID, 0, "", ""))
			f.must(f.r.Repository(f.ctx, target, false))
			if got := f.oneIssue(target); got.Number != is.Number || f.service(target, "shop").IssueNumber != is.Number {
				t.Errorf("issue %d recovered as %d, store says %d", is.Number, got.Number, f.service(target, "shop").IssueNumber)
			}
		})
	}
}

func TestDeletedIssueIsRecreated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) { r.deleted[1] = true })
	f.must(f.r.Repository(f.ctx, target, false))
	if is := f.oneIssue(target); is.Number != 2 || f.service(target, "shop").IssueNumber != 2 {
		t.Errorf("recreated issue %d, store has %d", is.Number, f.service(target, "shop").IssueNumber)
	}
	f.gh.fail["Issue"] = errors.New("boom")
	if err := f.r.Repository(f.ctx, target, false); err == nil {
		t.Error("a failed issue read was ignored")
	}
}

func TestClosedIssueDismissesThenReopens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	closed := "closed"
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].State = closed })
	f.must(f.r.IssueClosed(f.ctx, target, 1))
	if f.service(target, "shop").State != store.ServiceDismissed {
		t.Fatal("closing did not dismiss the service")
	}
	f.gh.push(org, "shop", "main", map[string]string{"README.md": "# x\n"})
	edits := f.gh.calls["EditIssue"]
	f.must(f.r.Repository(f.ctx, target, false))
	if f.gh.calls["EditIssue"] != edits || f.oneIssue(target).State != closed {
		t.Error("a dismissed service's closed issue was edited")
	}
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].State = "open" })
	f.must(f.r.IssueReopened(f.ctx, target, 1))
	is := f.oneIssue(target)
	if f.service(target, "shop").State != store.ServiceActive || !strings.Contains(is.Body, "- [x] ✅ **pass** · README exists") {
		t.Errorf("reopening did not refresh the issue:\n%s", is.Body)
	}
	f.must(f.r.IssueReopened(f.ctx, target, 99))
	f.must(f.r.IssueClosed(f.ctx, Target{InstallationID: f.inst, Owner: org, Name: "unknown"}, 1))
}

// TestIssueFoundClosed marks a service dismissed when its issue was closed without an event.
func TestIssueFoundClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].State = "closed" })
	f.must(f.r.Repository(f.ctx, target, false))
	if f.service(target, "shop").State != store.ServiceDismissed {
		t.Error("a closed issue left the service active")
	}
}

func TestMarkersDeletedAreRebuilt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) { r.issues[0].Body = "I deleted everything" })
	f.must(f.r.Repository(f.ctx, target, false))
	is := f.oneIssue(target)
	if _, err := render.ParseBody(is.Body); err != nil || !strings.Contains(f.comments(target), "hidden prc markers were removed") {
		t.Errorf("body not rebuilt (%v) or no comment: %q", err, f.comments(target))
	}
}

func TestChecklistVersionMigration(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	target := f.repo("shop", map[string]string{})
	f.must(f.r.Repository(f.ctx, target, true))
	v2 := strings.Replace(testChecklist, `version: "1"`, `version: "2"`, 1) + `      - id: security.sbom
        title: SBOM published
        kind: manual
`
	v2 = strings.Replace(v2, "      - id: docs.runbook\n        title: Runbook exists\n        hint: add RUNBOOK.md\n        kind: auto\n        check: {files: {any: [RUNBOOK.md]}}\n", "", 1)
	f.pushOrg(map[string]string{OrgChecklistPath: v2})
	f.must(f.r.Repository(f.ctx, target, false))
	c := f.comments(target)
	if !strings.Contains(c, "from version 1 to version 2") || !strings.Contains(c, "**New items:**\n- `security.sbom`") || !strings.Contains(c, "**Removed items:**\n- `docs.runbook`") {
		t.Errorf("migration comment = %q", c)
	}
	if f.service(target, "shop").ChecklistVersion != "2" {
		t.Error("the store kept the old version")
	}
}
