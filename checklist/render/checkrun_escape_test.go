package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

const hostile = "@octocat @acme/sre #123 <img src=x onerror=alert(1)> [click](https://evil.example) www.evil.example\n```\n</details>"

// hostileReport carries hostile text in every field a repository or its checklist controls.
func hostileReport() *checklist.Report {
	rep := testReport()
	s := &rep.Services[0]
	s.Name, s.Path = "svc "+hostile, "dir/"+hostile
	for i := range s.Items {
		s.Items[i].Title += " " + hostile
		s.Items[i].Hint = hostile
		s.Items[i].Evidence = append(s.Items[i].Evidence, verdict.Evidence{Path: "p/" + hostile, Line: 2, Message: hostile})
	}
	rep.Checklist.Name, rep.Checklist.Version = hostile, hostile
	return rep
}

var (
	markdownLink = regexp.MustCompile(`(^|[^\\])\]\(`)
	forbidden    = map[string]*regexp.Regexp{
		"mention":         regexp.MustCompile(`@(octocat|acme)`),
		"issue reference": regexp.MustCompile(`#123`),
		"autolink":        regexp.MustCompile(`://|www\.`),
	}
	forbiddenMarkdown = map[string]*regexp.Regexp{
		"HTML":       regexp.MustCompile(`<(img|/details)`),
		"code fence": regexp.MustCompile("```"),
		"link":       markdownLink,
	}
)

func assertDefused(t *testing.T, what, s string, markdown bool) {
	t.Helper()
	for name, re := range forbidden {
		if re.MatchString(s) {
			t.Errorf("%s carries a %s: %q", what, name, re.FindString(s))
		}
	}
	if !markdown {
		return
	}
	for name, re := range forbiddenMarkdown {
		if re.MatchString(s) {
			t.Errorf("%s carries a %s: %q", what, name, re.FindString(s))
		}
	}
}

func TestCheckRunEscapesRepositoryText(t *testing.T) {
	t.Parallel()
	run := renderCheck(t, CheckInput{Head: hostileReport(), Base: hostileReport(), Sections: []checklist.Section{{ID: "cicd", Title: hostile}},
		Problems: []string{hostile}, LaunchLabel: hostile})
	assertDefused(t, "summary", run.Summary, true)
	assertDefused(t, "text", run.Text, true)
	if len(run.Annotations) == 0 {
		t.Fatal("no annotations")
	}
	for _, a := range run.Annotations {
		assertDefused(t, "annotation title", a.Title, false)
		assertDefused(t, "annotation message", a.Message, false)
	}
}

func TestIssueBodyEscapesRepositoryText(t *testing.T) {
	t.Parallel()
	rep := hostileReport()
	body, err := IssueBody(rep, rep.Services[0].Name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The body's own markers are HTML comments; only what follows them must be defused.
	assertDefused(t, "issue body", regexp.MustCompile(`<!-- prc:[^>]*-->`).ReplaceAllString(body, ""), true)
}

func TestCommentsEscapeRepositoryText(t *testing.T) {
	t.Parallel()
	rep := hostileReport()
	tests := map[string]string{
		"launch refused": LaunchRefusedComment(LaunchRefusal{Sender: "octocat <b>", Label: hostile, Services: rep.Services}),
		"migration":      MigrationComment(Parsed{Meta: Meta{Version: hostile}}, &checklist.Checklist{}, hostile),
		"ticks reverted": TicksRevertedComment(hostile, hostile, []string{hostile}),
		"auto reverted":  AutoRevertedComment(hostile, []string{hostile}),
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assertDefused(t, name, body, true)
		})
	}
}

func TestMentionOnlyLogins(t *testing.T) {
	t.Parallel()
	tests := map[string]string{"octocat": "@octocat ", "a-b": "@a-b ", "acme/sre": "", "-x": "", "x--y": "", "": "", "octo cat": ""}
	for login, want := range tests {
		if got := mention(login); got != want {
			t.Errorf("mention(%q) = %q, want %q", login, got, want)
		}
	}
}

func TestCommentGolden(t *testing.T) {
	t.Parallel()
	rep := bigReport(30, 2000)
	body := LaunchRefusedComment(LaunchRefusal{Sender: "octocat", Label: "launch", Services: rep.Services})
	golden(t, "comment-launch-refused.md.golden", []byte(body))
	if len(body) > MaxComment {
		t.Errorf("comment is %d bytes; GitHub takes %d", len(body), MaxComment)
	}
	huge := bigReport(3000, 0)
	if body := LaunchRefusedComment(LaunchRefusal{Sender: "octocat", Label: "launch", Services: huge.Services}); len(body) > MaxComment || !strings.HasSuffix(body, moreComment) {
		t.Errorf("a comment for 3,000 services is %d bytes and ends %q", len(body), body[max(0, len(body)-40):])
	}
}

func TestRebuiltComment(t *testing.T) {
	t.Parallel()
	if got := RebuiltComment(testReport().Services[0]); !strings.Contains(got, "1 ticked manual item(s) were kept") {
		t.Errorf("RebuiltComment = %q", got)
	}
}
