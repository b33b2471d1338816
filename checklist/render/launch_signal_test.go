package render

import (
	"strings"
	"testing"
)

func TestLaunchLine(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		note *LaunchNote
		want string
	}{
		"none":       {},
		"complete":   {note: &LaunchNote{Via: "topic production", By: "alice", On: "2026-12-02"}, want: "🚀 **Launched (via topic production)** by alice on 2026-12-02."},
		"incomplete": {note: &LaunchNote{Via: "property lifecycle=production", Incomplete: true}, want: "🚀 **Launched while incomplete (via property lifecycle=production)**."},
		"hostile":    {note: &LaunchNote{Via: "topic <b>x</b>", By: "@evil*"}, want: "🚀 **Launched (via topic &lt;b&gt;x&lt;/b&gt;)** by @\u200bevil\\*."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts := testOptions()
			opts.Launch = tc.note
			body, err := IssueBody(testReport(), "payments", opts)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if strings.Contains(body, "🚀") {
					t.Errorf("a body without a launch has a launch line:\n%s", body)
				}
				return
			}
			if !strings.Contains(body, "\n\n"+tc.want+"\n\n| Service |") {
				t.Errorf("body lacks %q between the verdict and the table:\n%s", tc.want, body)
			}
			if _, err := ParseBody(body); err != nil {
				t.Errorf("the body no longer parses: %v", err)
			}
		})
	}
}

func TestLaunchSignalComments(t *testing.T) {
	t.Parallel()
	rep := testReport()
	l := SignalLaunch{Sender: "bob", Via: "property lifecycle=production", Services: rep.Services}
	tests := map[string]struct {
		body string
		want []string
	}{
		"set back": {PropertyRevertedComment(l, "lifecycle", "launching"), []string{"@bob prc set custom property `lifecycle` back to `launching`: a launch (via property lifecycle=production)"}},
		"unset":    {PropertyRevertedComment(l, "lifecycle", ""), []string{"@bob prc unset custom property `lifecycle`"}},
		"flagged":  {LaunchedIncompleteComment(l), []string{"@bob this service was launched (via property lifecycle=production)", "launched while incomplete"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, w := range append(tc.want, "**payments**") {
				if !strings.Contains(tc.body, w) {
					t.Errorf("comment lacks %q:\n%s", w, tc.body)
				}
			}
		})
	}
}

func TestLaunchSignalCommentsAreDefused(t *testing.T) {
	t.Parallel()
	rep := hostileReport()
	l := SignalLaunch{Sender: "octocat <b>", Via: hostile, Services: rep.Services}
	for name, body := range map[string]string{"set back": PropertyRevertedComment(l, hostile, hostile), "flagged": LaunchedIncompleteComment(l)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assertDefused(t, name, body, true)
		})
	}
}
