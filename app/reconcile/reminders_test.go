package reconcile

import (
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/sirupsen/logrus"
)

// handClock is a clock the test moves.
type handClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *handClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *handClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// friday is a Friday, 09:00 UTC.
var friday = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

// reminding is a fixture whose organisation reminds with config, on a hand-moved clock standing
// at start, with repository "shop" onboarded (its issue opened at start) and owned by @acme/shop.
func reminding(t *testing.T, config string, start time.Time) (*fixture, Target, *handClock) {
	t.Helper()
	return remindingWith(t, testChecklist, config, start)
}

// remindingWith is reminding with the organisation checklist list.
func remindingWith(t *testing.T, list, config string, start time.Time) (*fixture, Target, *handClock) {
	t.Helper()
	f := newFixture(t)
	clk := &handClock{t: start}
	log := logrus.New()
	log.SetOutput(io.Discard)
	f.r = New(f.st, f.gh, Settings{IssueLabel: "prc", LaunchLabel: "launch", CheckName: "readiness"}, log, "test", WithClock(clk.now))
	f.gh.addRepo(org, OrgRepo, map[string]string{OrgChecklistPath: list, OrgConfigPath: config})
	target := f.repo("shop", map[string]string{"README.md": "# shop\n", ".github/CODEOWNERS": "* @acme/shop\n"})
	f.must(f.r.Repository(f.ctx, target, true))
	f.gh.edit(org, "shop", func(r *memRepo) { r.perms["alice"] = gh.PermWrite })
	return f, target, clk
}

// remindAt moves the clock to at and runs the due reminder of service shop.
func (f *fixture) remindAt(clk *handClock, target Target, at time.Time) {
	f.t.Helper()
	clk.set(at)
	f.must(f.r.Remind(f.ctx, f.service(target, "shop").ID))
}

func reminders(f *fixture, target Target) int {
	return strings.Count(f.comments(target), "<!-- prc:reminder -->")
}

func TestReminderOncePerPeriod(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	steps := []struct {
		after time.Duration
		want  int
	}{{30 * time.Minute, 0}, {time.Hour, 1}, {time.Hour, 1}, {90 * time.Minute, 1}, {2*time.Hour + time.Second, 2}, {2*time.Hour + 2*time.Second, 2}}
	for _, s := range steps {
		f.remindAt(clk, target, friday.Add(s.after))
		if got := reminders(f, target); got != s.want {
			t.Fatalf("after %v: %d reminders, want %d:\n%s", s.after, got, s.want, f.comments(target))
		}
	}
	c := f.comments(target)
	if !strings.Contains(c, "@acme/shop: the production readiness checklist of **shop** has made no progress for 1h.") || !strings.Contains(c, "`docs.runbook`") {
		t.Errorf("reminder does not mention the owner or the missing items:\n%s", c)
	}
	rem, err := f.st.Reminder(f.ctx, f.service(target, "shop").ID)
	f.must(err)
	if rem.Period != 2 || !rem.DueAt.Equal(friday.Add(3*time.Hour)) {
		t.Errorf("reminder state = %+v, want period 2, due at +3h", rem)
	}
}

func TestReminderJustBeforeDueWaits(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(59 * time.Minute))
	if err := f.r.Remind(f.ctx, f.service(target, "shop").ID); !errors.Is(err, ErrBusy) {
		t.Fatalf("Remind a minute early = %v, want ErrBusy so that the job waits for it to fall due", err)
	}
	f.remindAt(clk, target, friday.Add(time.Hour))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders once due, want 1", got)
	}
}

func TestReminderAfterDowntimeIsOne(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	f.remindAt(clk, target, friday.Add(5*time.Hour+time.Minute))
	f.remindAt(clk, target, friday.Add(5*time.Hour+2*time.Minute))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders after five missed periods, want 1", got)
	}
	rem, _ := f.st.Reminder(f.ctx, f.service(target, "shop").ID)
	if rem.Period != 5 || !rem.DueAt.Equal(friday.Add(6*time.Hour)) {
		t.Errorf("reminder state = %+v, want period 5, next due at +6h", rem)
	}
}

func TestProgressRestartsThePeriod(t *testing.T) {
	t.Parallel()
	tests := map[string]func(f *fixture, target Target){
		"a fix": func(f *fixture, target Target) {
			f.gh.push(org, "shop", "main", map[string]string{"README.md": "# shop\n", ".github/CODEOWNERS": "* @acme/shop\n", "RUNBOOK.md": "steps\n"})
			f.must(f.r.Repository(f.ctx, target, false))
		},
		"an accepted tick": func(f *fixture, target Target) {
			f.must(f.editAs(target, "alice", toggle(f.t, f.oneIssue(target).Body, "docs.review", true)))
		},
	}
	for name, progress := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
			clk.set(friday.Add(50 * time.Minute))
			progress(f, target)
			f.remindAt(clk, target, friday.Add(time.Hour+time.Minute))
			if got := reminders(f, target); got != 0 {
				t.Fatalf("a reminder 11 minutes after progress:\n%s", f.comments(target))
			}
			f.remindAt(clk, target, friday.Add(110*time.Minute))
			if got := reminders(f, target); got != 1 {
				t.Fatalf("%d reminders one period after progress, want 1", got)
			}
		})
	}
}

func TestNoProgressWithoutChange(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(50 * time.Minute))
	f.must(f.r.Repository(f.ctx, target, false))
	f.must(f.editAs(target, "mallory", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	f.remindAt(clk, target, friday.Add(time.Hour))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders after a reconcile that changed nothing and a refused tick, want 1", got)
	}
}

func TestTickWithoutEvidenceIsNoProgress(t *testing.T) {
	t.Parallel()
	f, target, clk := remindingWith(t, evidenceChecklist, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(50 * time.Minute))
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.review", true)))
	f.remindAt(clk, target, friday.Add(time.Hour))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders after a tick refused for want of a link, want 1", got)
	}
}

func TestRefusedTickInAnAcceptedEditIsNoProgress(t *testing.T) {
	t.Parallel()
	list := strings.Replace(evidenceChecklist, "  - id: security\n", "      - id: docs.signoff\n        title: Signed off\n        kind: manual\n  - id: security\n", 1)
	f, target, clk := remindingWith(t, list, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(10 * time.Minute))
	f.must(f.editAs(target, "alice", toggle(t, f.oneIssue(target).Body, "docs.signoff", true)))
	clk.set(friday.Add(65 * time.Minute))
	body := toggle(t, toggle(t, f.oneIssue(target).Body, "docs.signoff", false), "docs.review", true)
	f.must(f.editAs(target, "alice", body))
	f.remindAt(clk, target, friday.Add(70*time.Minute))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders a period after the last accepted tick, want 1: an untick and a refused tick are no progress", got)
	}
}

func TestQuietDayDefers(t *testing.T) {
	t.Parallel()
	fridayNight := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)
	monday := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	f, target, clk := reminding(t, "reminders: {every: 1h, quietDays: [sat, sun]}\n", fridayNight)
	rem, _ := f.st.Reminder(f.ctx, f.service(target, "shop").ID)
	if !rem.DueAt.Equal(monday) {
		t.Fatalf("due at %v, want the start of Monday %v", rem.DueAt, monday)
	}
	f.remindAt(clk, target, fridayNight.Add(12*time.Hour))
	if got := reminders(f, target); got != 0 {
		t.Fatalf("a reminder on a Saturday:\n%s", f.comments(target))
	}
	f.remindAt(clk, target, monday)
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders at the start of Monday, want 1", got)
	}
}

func TestQuietDayInTimeZone(t *testing.T) {
	t.Parallel()
	// Friday 23:30 UTC is already Saturday in Tokyo.
	start := time.Date(2026, 12, 4, 14, 30, 0, 0, time.UTC)
	f, target, _ := reminding(t, "timezone: Asia/Tokyo\nreminders: {every: 1h, quietDays: [sat, sun]}\n", start)
	rem, _ := f.st.Reminder(f.ctx, f.service(target, "shop").ID)
	tokyoMonday := time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)
	if !rem.DueAt.Equal(tokyoMonday) {
		t.Errorf("due at %v, want Monday 00:00 in Tokyo (%v)", rem.DueAt, tokyoMonday)
	}
}

func TestNoReminderAfterLaunchOrDismissal(t *testing.T) {
	t.Parallel()
	tests := map[string]func(f *fixture, target Target, svc store.Service){
		"launched": func(f *fixture, _ Target, svc store.Service) {
			f.must(f.st.RecordLaunch(f.ctx, store.Launch{ServiceID: svc.ID, User: "alice", Source: store.LaunchFromIssue, Number: 1}))
		},
		"dismissed": func(f *fixture, target Target, _ store.Service) { f.must(f.r.IssueClosed(f.ctx, target, 1)) },
		"untracked": func(f *fixture, _ Target, svc store.Service) { f.must(f.st.SetUntracked(f.ctx, svc.ID, true)) },
		"archived": func(f *fixture, target Target, _ store.Service) {
			repo, err := f.st.RepositoryByName(f.ctx, target.Owner, target.Name)
			f.must(err)
			repo.Archived = true
			f.must(f.st.UpsertRepository(f.ctx, repo))
		},
	}
	for name, stop := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
			svc := f.service(target, "shop")
			stop(f, target, svc)
			f.remindAt(clk, target, friday.Add(time.Hour))
			f.remindAt(clk, target, friday.Add(3*time.Hour))
			if got := reminders(f, target); got != 0 {
				t.Fatalf("%s service reminded:\n%s", name, f.comments(target))
			}
			if rem, _ := f.st.Reminder(f.ctx, svc.ID); !rem.DueAt.IsZero() {
				t.Errorf("a reminder is still scheduled: %+v", rem)
			}
		})
	}
}

func TestReopenedIssueRemindsFromTheReopening(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(10 * time.Minute))
	f.must(f.r.IssueClosed(f.ctx, target, 1))
	clk.set(friday.Add(3 * time.Hour))
	f.must(f.r.IssueReopened(f.ctx, target, 1))
	f.remindAt(clk, target, friday.Add(3*time.Hour+time.Second))
	if got := reminders(f, target); got != 0 {
		t.Fatalf("a reminder right after the issue was reopened:\n%s", f.comments(target))
	}
	f.remindAt(clk, target, friday.Add(4*time.Hour))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders a period after the reopening, want 1", got)
	}
}

func TestNoRemindersWithoutCadence(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "onboard: opt-in\n", friday)
	f.remindAt(clk, target, friday.Add(30*24*time.Hour))
	if rem, _ := f.st.Reminder(f.ctx, f.service(target, "shop").ID); reminders(f, target) != 0 || !rem.DueAt.IsZero() || rem.ProgressAt.IsZero() {
		t.Errorf("without reminders in the config: %d reminders, state %+v", reminders(f, target), rem)
	}
}

func TestFailedReminderIsRetried(t *testing.T) {
	t.Parallel()
	f, target, clk := reminding(t, "reminders: {every: 1h}\n", friday)
	clk.set(friday.Add(time.Hour))
	svc := f.service(target, "shop")
	f.gh.fail["Comment"] = gh.ErrUnavailable
	if err := f.r.Remind(f.ctx, svc.ID); !errors.Is(err, gh.ErrUnavailable) {
		t.Fatalf("Remind = %v, want the comment's error", err)
	}
	delete(f.gh.fail, "Comment")
	f.must(f.r.Remind(f.ctx, svc.ID))
	f.must(f.r.Remind(f.ctx, svc.ID))
	if got := reminders(f, target); got != 1 {
		t.Fatalf("%d reminders after a failed one was retried, want 1", got)
	}
}

func TestOwnersRecorded(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		files   map[string]string
		service string
		want    string
	}{
		"codeowners last rule": {map[string]string{"README.md": "x", "CODEOWNERS": "* @acme/all\n/services/api/ @acme/api\n",
			".github/prc.yml": "services:\n  - {name: api, path: services/api}\n  - {name: web, path: services/web}\n"}, "api", "@acme/api"},
		"codeowners catch-all": {map[string]string{"README.md": "x", "CODEOWNERS": "* @acme/all\n/services/api/ @acme/api\n",
			".github/prc.yml": "services:\n  - {name: api, path: services/api}\n  - {name: web, path: services/web}\n"}, "web", "@acme/all"},
		"catalog": {map[string]string{"README.md": "x", "catalog-info.yaml": "kind: Component\nspec: {owner: 'group:default/payments'}\n"}, "shop", "@acme/payments"},
		"hostile": {map[string]string{"README.md": "x", "CODEOWNERS": "* [@evil](https://x.example)\n"}, "shop", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			target := f.repo("shop", tt.files)
			f.must(f.r.Repository(f.ctx, target, true))
			if got := strings.Join(f.service(target, tt.service).Owners, " "); got != tt.want {
				t.Errorf("owners = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTurnedGreen(t *testing.T) {
	t.Parallel()
	item := func(id string, s verdict.Status) checklist.Result { return checklist.Result{ID: id, Status: s} }
	report := func(items ...checklist.Result) checklist.ServiceReport { return checklist.ServiceReport{Items: items} }
	tests := map[string]struct {
		before, now checklist.ServiceReport
		want        bool
	}{
		"fail to pass":  {report(item("a", verdict.Fail)), report(item("a", verdict.Pass)), true},
		"todo to done":  {report(item("a", verdict.Todo)), report(item("a", verdict.Done)), true},
		"fail to waive": {report(item("a", verdict.Fail)), report(item("a", verdict.Waived)), true},
		"unchanged":     {report(item("a", verdict.Fail), item("b", verdict.Pass)), report(item("a", verdict.Fail), item("b", verdict.Pass)), false},
		"new item":      {report(item("a", verdict.Fail)), report(item("a", verdict.Fail), item("b", verdict.Pass)), false},
		"regression":    {report(item("a", verdict.Pass)), report(item("a", verdict.Fail)), false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := turnedGreen(tt.before, tt.now); got != tt.want {
				t.Errorf("turnedGreen = %v, want %v", got, tt.want)
			}
		})
	}
}
