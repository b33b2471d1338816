package report_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh/ghclient"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/report"
	"github.com/sirupsen/logrus"
)

// posters are n replicas posting the reports of one store against one GitHub fake.
func posters(t *testing.T, n int, clk *githubfake.Clock) ([]*report.Poster, *githubfake.Fake) {
	t.Helper()
	st := seed(t)
	fake := githubfake.New(t, githubfake.WithClock(clk.Now))
	fake.AddInstallation(7, "acme")
	fake.AddRepo(7, "acme", ".github", map[string]string{"README.md": "org\n"})
	clients, err := ghclient.New(ghclient.Config{AppID: fake.AppID(), PrivateKeyPEM: fake.PrivateKeyPEM(), BaseURL: fake.URL() + "/"},
		ghclient.WithPacing(time.Millisecond, time.Millisecond))
	must(t, err)
	must(t, st.ScheduleReport(context.Background(), "acme", 7, 720*time.Hour, "Asia/Tokyo", clk.Now()))
	log := logrus.New()
	log.SetOutput(io.Discard)
	out := make([]*report.Poster, n)
	for i := range out {
		out[i] = &report.Poster{Store: st, Clients: clients, Now: clk.Now, Owner: string(rune('a' + i)), Log: log}
	}
	return out, fake
}

func TestPostersPostOncePerPeriod(t *testing.T) {
	clk := githubfake.NewClock(time.Date(2027, 3, 1, 20, 0, 0, 0, time.UTC))
	ps, fake := posters(t, 3, clk)
	postAll := func() {
		var wg sync.WaitGroup
		for _, p := range ps {
			wg.Go(func() { must(t, p.PostDue(context.Background())) })
		}
		wg.Wait()
	}
	steps := []struct {
		advance    time.Duration
		wantIssues int
	}{
		{0, 1},               // due at once
		{time.Hour, 1},       // not due again within the period
		{719 * time.Hour, 2}, // due at the end of the period
		{time.Second, 2},     // and once only
		{720 * time.Hour, 3},
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		postAll()
		issues := fake.Issues("acme", ".github")
		if len(issues) != st.wantIssues {
			t.Fatalf("step %d: %d report issues, want %d", i, len(issues), st.wantIssues)
		}
		for j, is := range issues {
			if want := map[bool]string{true: "open", false: "closed"}[j == len(issues)-1]; is.State != want {
				t.Errorf("step %d: report #%d is %s, want %s", i, is.Number, is.State, want)
			}
		}
	}
	if first := fake.Issues("acme", ".github")[0]; first.Title != "Production readiness report 2027-03-02" || !strings.Contains(first.Body, "# Production readiness report: acme") {
		t.Errorf("first report %q (dates in Asia/Tokyo):\n%s", first.Title, first.Body)
	}
}

func TestPosterAdoptsTheReportACrashedReplicaPosted(t *testing.T) {
	clk := githubfake.NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	ps, fake := posters(t, 1, clk)
	orphan := fake.CreateIssueAs("prc[bot]", "acme", ".github", "Production readiness report 2027-03-01",
		`<!-- prc:report {"org":"acme","now":"2027-03-01T09:00:00Z","n":1} -->`+"\n# Production readiness report: acme\n", report.Label)
	other := fake.CreateIssueAs("prc[bot]", "acme", ".github", "an older one", `<!-- prc:report {"org":"acme","now":"2027-01-01T09:00:00Z","n":7} -->`, report.Label)
	must(t, ps[0].PostDue(context.Background()))
	if n := len(fake.Issues("acme", ".github")); n != 2 {
		t.Fatalf("%d issues in .github, want the two there were", n)
	}
	rs, err := ps[0].Store.ReportSchedules(context.Background())
	must(t, err)
	if len(rs) != 1 || rs[0].IssueNumber != orphan || rs[0].Seq != 1 {
		t.Errorf("schedule = %+v, want report 1 recorded as issue #%d (not #%d)", rs, orphan, other)
	}
	clk.Advance(720 * time.Hour)
	must(t, ps[0].PostDue(context.Background()))
	issues := fake.Issues("acme", ".github")
	if len(issues) != 3 || issues[0].State != "closed" || !slices.Contains(issues[2].Labels, report.Label) {
		t.Errorf("after the next period: %+v, want the adopted report closed and a new labelled one", issues)
	}
}
