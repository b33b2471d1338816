package render

import (
	"strings"
	"testing"
	"time"
)

func TestReminderCommentGolden(t *testing.T) {
	s := testReport().Services[0]
	s.Name = "pay*ments @octocat"
	got := ReminderComment(Reminder{Owners: []string{"@acme/payments", "@alice"}, Service: s, Quiet: 7 * 24 * time.Hour})
	golden(t, "reminder.md", []byte(got))
}

func TestReminderCommentMentionsOnlyHandles(t *testing.T) {
	hostile := []string{"@alice](https://evil.example)", "[x](javascript:alert(1))", "@acme/ops <img>", "@bob", "alice@example.com"}
	got := ReminderComment(Reminder{Owners: hostile, Service: testReport().Services[0], Quiet: time.Hour})
	first := strings.SplitN(got, "\n", 3)[1]
	if !strings.HasPrefix(first, "@bob: the production readiness checklist") {
		t.Errorf("mentions line = %q, want only @bob", first)
	}
	for _, bad := range []string{"evil.example", "javascript", "<img>", "example.com"} {
		if strings.Contains(got, bad) {
			t.Errorf("comment carries %q:\n%s", bad, got)
		}
	}
}

func TestReminderCommentWithoutOwners(t *testing.T) {
	got := ReminderComment(Reminder{Service: testReport().Services[0], Quiet: 30 * time.Second})
	if !strings.HasPrefix(got, ReminderMarker+"\nThe production readiness") || !strings.Contains(got, "No owner was found") {
		t.Errorf("comment without owners:\n%s", got)
	}
	if !strings.Contains(got, "no progress for 30s") {
		t.Errorf("quiet time missing:\n%s", got)
	}
}

func TestHumanDuration(t *testing.T) {
	cases := map[time.Duration]string{7 * 24 * time.Hour: "7d", 30 * time.Second: "30s", 90 * time.Minute: "1h30m",
		36*time.Hour + 5*time.Second: "1d12h5s", 0: "0s", 1500 * time.Millisecond: "2s"}
	for d, want := range cases {
		t.Run(want, func(t *testing.T) {
			if got := HumanDuration(d); got != want {
				t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
			}
		})
	}
}
