package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/checklist/render"
)

// fridayMorning is a Friday, 09:00 UTC.
var fridayMorning = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

// startReminding runs the App on a clock the test moves, standing at t, with the organisation
// checklist and config in its .github repository.
func startReminding(t *testing.T, engine string, at time.Time, config string) (*env, *githubfake.Clock) {
	t.Helper()
	clk := githubfake.NewClock(at)
	e := prepare(t, engine)
	e.opts = []app.Option{app.WithClock(clk.Now)}
	e.boot(true)
	t.Cleanup(e.stop)
	e.repo(".github", map[string]string{"prc/checklist.yaml": orgChecklist, "prc/config.yml": config})
	return e, clk
}

// replica runs a second App on the same store, fake and clock, as another process would.
func (e *env) replica() *env {
	r := &env{t: e.t, fake: e.fake, cfg: e.cfg, store: e.store, ghOpts: e.ghOpts, opts: e.opts}
	r.boot(true)
	e.t.Cleanup(r.stop)
	return r
}

// sweepAt moves clk on by d, has every App look for due reminders at once (their own sweeps
// run every second too) and waits for the jobs to finish.
func (e *env) sweepAt(clk *githubfake.Clock, d time.Duration, apps ...*env) {
	e.t.Helper()
	clk.Advance(d)
	for _, a := range append([]*env{e}, apps...) {
		if _, err := a.app.SweepReminders(context.Background()); err != nil {
			e.t.Fatal(err)
		}
	}
	e.settle()
}

// reminderComments are the reminders on issue n.
func (e *env) reminderComments(r *githubfake.Repo, n int) []githubfake.Comment {
	var out []githubfake.Comment
	for _, c := range e.fake.Comments(r.Owner, r.Name, n) {
		if strings.HasPrefix(c.Body, render.ReminderMarker) {
			out = append(out, c)
		}
	}
	return out
}

func (e *env) wantReminders(r *githubfake.Repo, n, want int, when string) {
	e.t.Helper()
	if got := e.reminderComments(r, n); len(got) != want {
		e.t.Fatalf("%s: %d reminders, want %d: %+v", when, len(got), want, got)
	}
}

func TestRemindersOncePerPeriodMentioningOwners(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e, clk := startReminding(t, engine, fridayMorning, "reminders: {every: 1h}\n")
		r := e.repo("payments", map[string]string{"README.md": "# payments\n",
			".github/CODEOWNERS": "* @acme/platform\n/docs/ @acme/writers\n* @acme/payments @alice\n"})
		e.fake.SetPermission(org, r.Name, "alice", "write")
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number

		e.sweepAt(clk, 59*time.Minute)
		e.wantReminders(r, n, 0, "before the first period ends")
		e.sweepAt(clk, time.Minute)
		e.wantReminders(r, n, 1, "one period without progress")
		if body := e.reminderComments(r, n)[0].Body; !strings.Contains(body, "@acme/payments @alice: the production readiness checklist of **payments**") ||
			strings.Contains(body, "@acme/platform") || !strings.Contains(body, "docs.runbook") {
			t.Errorf("reminder does not mention the last CODEOWNERS rule's owners or list what is missing:\n%s", body)
		}
		e.sweepAt(clk, 30*time.Minute)
		e.wantReminders(r, n, 1, "half-way through the second period")
		e.sweepAt(clk, 30*time.Minute)
		e.wantReminders(r, n, 2, "two periods without progress")

		clk.Advance(30 * time.Minute) // 2h30: alice ticks an item
		e.editAs(r, n, "alice", toggle(t, e.body(r, n), "docs.review", true))
		e.sweepAt(clk, 30*time.Minute)
		e.wantReminders(r, n, 2, "half a period after a tick")
		e.sweepAt(clk, 30*time.Minute)
		e.wantReminders(r, n, 3, "a period after the tick")

		svc, err := e.app.Store().Service(context.Background(), r.ID, "payments")
		if err != nil || strings.Join(svc.Owners, " ") != "@acme/payments @alice" {
			t.Errorf("owners in the store = %v, %v", svc.Owners, err)
		}
	})
}

func TestReminderOnQuietDayWaitsForMonday(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		fridayNight := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)
		e, clk := startReminding(t, engine, fridayNight, "reminders: {every: 1h, quietDays: [sat, sun]}\n")
		r := e.repo("ledger", map[string]string{"README.md": "# ledger\n", "CODEOWNERS": "* @acme/ledger\n"})
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number

		e.sweepAt(clk, time.Hour)
		e.wantReminders(r, n, 0, "Saturday 00:30, due but quiet")
		e.sweepAt(clk, 36*time.Hour)
		e.wantReminders(r, n, 0, "Sunday 12:30")
		e.sweepAt(clk, 11*time.Hour+29*time.Minute)
		e.wantReminders(r, n, 0, "Sunday 23:59")
		e.sweepAt(clk, time.Minute)
		e.wantReminders(r, n, 1, "Monday 00:00")
	})
}

func TestNoRemindersAfterLaunchOrDismissal(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e, clk := startReminding(t, engine, fridayMorning, "reminders: {every: 1h}\n")
		launched := e.repo("checkout", map[string]string{"README.md": "# checkout\n", "CODEOWNERS": "* @acme/checkout\n"})
		dismissed := e.repo("legacy", map[string]string{"README.md": "# legacy\n", "CODEOWNERS": "* @acme/legacy\n"})
		e.fake.SetPermission(org, launched.Name, "alice", "maintain")
		e.deliver("repository", e.payload("repository/created", launched))
		e.deliver("repository", e.payload("repository/created", dismissed))
		ln, dn := e.onePRCIssue(launched).Number, e.onePRCIssue(dismissed).Number

		clk.Advance(50 * time.Minute)
		e.fake.Push(org, launched.Name, launched.DefaultBranch, map[string]string{"RUNBOOK.md": "# runbook\n"})
		e.deliver("push", e.pushPayload(launched, "RUNBOOK.md"))
		e.settle()
		e.editAs(launched, ln, "alice", toggle(t, e.body(launched, ln), "docs.review", true))
		e.labelIssue(launched, ln, "launch", "alice")
		svc, _ := e.app.Store().Service(context.Background(), launched.ID, "checkout")
		if ls, err := e.app.Store().Launches(context.Background(), svc.ID); err != nil || len(ls) != 1 {
			t.Fatalf("launches = %+v, %v", ls, err)
		}

		e.fake.CloseIssueAs("bob", dismissed.Owner, dismissed.Name, dn)
		p := e.payload("issues/reopened", dismissed)
		fixtures.Set(p, "action", "closed")
		fixtures.Set(p, "issue", e.fake.IssueObject(dismissed.Owner, dismissed.Name, dn))
		e.deliver("issues", p)
		e.settle()

		for range 3 {
			e.sweepAt(clk, time.Hour)
		}
		e.wantReminders(launched, ln, 0, "a launched service")
		e.wantReminders(dismissed, dn, 0, "a dismissed service")
		for _, s := range []struct {
			repo int64
			name string
		}{{launched.ID, "checkout"}, {dismissed.ID, "legacy"}} {
			svc, _ := e.app.Store().Service(context.Background(), s.repo, s.name)
			if rem, err := e.app.Store().Reminder(context.Background(), svc.ID); err != nil || !rem.DueAt.IsZero() {
				t.Errorf("%s: reminder still scheduled: %+v, %v", s.name, rem, err)
			}
		}
	})
}

func TestTwoProcessesPostEachReminderOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e, clk := startReminding(t, engine, fridayMorning, "reminders: {every: 1h}\n")
		other := e.replica()
		var repos []*githubfake.Repo
		var issues []int
		for _, name := range []string{"alpha", "beta", "gamma"} {
			r := e.repo(name, map[string]string{"README.md": "# " + name + "\n", "CODEOWNERS": "* @acme/" + name + "\n"})
			e.deliver("repository", e.payload("repository/created", r))
			repos, issues = append(repos, r), append(issues, e.onePRCIssue(r).Number)
		}
		const periods = 4
		for range periods {
			e.sweepAt(clk, time.Hour, other)
		}
		for i, r := range repos {
			e.wantReminders(r, issues[i], periods, "two Apps on one store, "+r.Name)
			svc, _ := e.app.Store().Service(context.Background(), r.ID, r.Name)
			if rem, _ := other.app.Store().Reminder(context.Background(), svc.ID); rem.Period != periods {
				t.Errorf("%s: period %d in the store, want %d", r.Name, rem.Period, periods)
			}
		}
	})
}

// TestReminderLatencyRealTime runs on the wall clock with a 2 s period, as the outside harness
// does with short periods: every reminder must be posted within 5 s of falling due, never before.
func TestReminderLatencyRealTime(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for several seconds of real time")
	}
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.repo(".github", map[string]string{"prc/checklist.yaml": orgChecklist, "prc/config.yml": "reminders: {every: 2s}\n"})
		r := e.repo("rush", map[string]string{"README.md": "# rush\n", "CODEOWNERS": "* @acme/rush\n"})
		e.deliver("repository", e.payload("repository/created", r))
		n := e.onePRCIssue(r).Number
		svc, err := e.app.Store().Service(context.Background(), r.ID, "rush")
		if err != nil {
			t.Fatal(err)
		}
		rem, err := e.app.Store().Reminder(context.Background(), svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		const want = 3
		e.eventually("three reminders", func() bool { return len(e.reminderComments(r, n)) >= want })
		// GitHub, and so the fake, stamps comments to the second: a comment stamped at s was
		// posted in [s, s+1s), so it is never early when s >= due truncated, and within 5 s
		// when s - due <= 4 s.
		var worst time.Duration
		for i, c := range e.reminderComments(r, n)[:want] {
			due := rem.ProgressAt.Add(time.Duration(i+1) * 2 * time.Second)
			late := c.CreatedAt.Sub(due)
			if c.CreatedAt.Before(due.Truncate(time.Second)) || late > 4*time.Second {
				t.Errorf("reminder %d stamped %v after falling due, want it posted within [0, 5s)", i+1, late)
			}
			worst = max(worst, late+time.Second)
		}
		t.Logf("%s: every reminder posted less than %v after falling due", engine, worst)
	})
}
