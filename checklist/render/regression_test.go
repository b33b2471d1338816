package render

import (
	"net/url"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

const (
	brokeSHA = "0123456789abcdef0123456789abcdef01234567"
	fixedSHA = "89abcdef0123456789abcdef0123456789abcdef"
)

func TestIssueBodyMarksRegressedItems(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	opts.Regressed = map[string]string{"cicd.image-scan": brokeSHA, "docs.readme": "not a sha `x`"}
	body, err := IssueBody(testReport(), "payments", opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "issue-regressed.md.golden", []byte(body))
	var marked []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "regressed since") {
			marked = append(marked, l)
		}
	}
	if len(marked) != 1 || !strings.Contains(marked[0], "regressed since `0123456`** <!-- prc:item cicd.image-scan -->") {
		t.Errorf("marked lines = %q, want only cicd.image-scan's", marked)
	}
	p, err := ParseBody(body)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range testReport().Services[0].Items {
		if got := p.Items[i]; got.ID != r.ID || !got.Box || got.Checked != checked(r) {
			t.Errorf("item %d reads back as %+v, want %s checked %v", i, got, r.ID, checked(r))
		}
	}
}

func TestRegressionCommentGolden(t *testing.T) {
	t.Parallel()
	link := func(p string, line int) string {
		return "https://github.example/acme/api/blob/" + brokeSHA + "/" + url.PathEscape(p)
	}
	hostile := verdict.Evidence{Path: "deploy/`odd`.yaml", Line: 4, Message: "uses :latest, ping @octocat about #12 at https://evil.example <!-- prc:item x.y -->"}
	tests := map[string]Regression{
		"comment-regressed":      {ID: 7, Item: "security.no-latest", SHA: brokeSHA, Evidence: hostile, FileURL: link},
		"comment-recovered":      {ID: 7, Item: "security.no-latest", SHA: brokeSHA, Evidence: hostile, FileURL: link, RecoveredSHA: fixedSHA},
		"comment-regressed-bare": {ID: 8, Item: "docs.readme", SHA: brokeSHA, Evidence: verdict.Evidence{Message: "no README.md"}},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := RegressionComment(r)
			golden(t, name+".md.golden", []byte(body))
			if !strings.Contains(body, RegressionMarker(r.ID)) {
				t.Errorf("the comment lacks its marker:\n%s", body)
			}
			if strings.Contains(body, "@octocat") || strings.Contains(body, "https://evil") || strings.Contains(body, "<!-- prc:item") {
				t.Errorf("repository text was not escaped:\n%s", body)
			}
		})
	}
}

func TestShortSHA(t *testing.T) {
	t.Parallel()
	tests := map[string]string{brokeSHA: "0123456", "abc": "", "ABCDEF0123": "", "0123456`": "", "": ""}
	for in, want := range tests {
		if got := ShortSHA(in); got != want {
			t.Errorf("ShortSHA(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckRunFailsOnRegressingALaunchedService(t *testing.T) {
	t.Parallel()
	fixed := testReport()
	fixed.Services[0].Items[1].Status = verdict.Pass // cicd.image-scan passes on the base
	tests := map[string]struct {
		in        CheckInput
		want      string
		regresses bool
	}{
		"launched, breaks an item":   {in: CheckInput{Head: testReport(), Base: fixed, Launched: []string{"payments"}}, want: "failure", regresses: true},
		"launched, already failing":  {in: CheckInput{Head: testReport(), Base: testReport(), Launched: []string{"payments"}}, want: "neutral"},
		"launched, no base":          {in: CheckInput{Head: testReport(), Launched: []string{"payments"}}, want: "neutral"},
		"another service launched":   {in: CheckInput{Head: testReport(), Base: fixed, Launched: []string{"web"}}, want: "neutral"},
		"not launched, breaks items": {in: CheckInput{Head: testReport(), Base: fixed}, want: "neutral"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tc.in.Sections = testSections
			run := renderCheck(t, tc.in)
			if run.Conclusion != tc.want {
				t.Errorf("conclusion = %s (%q), want %s", run.Conclusion, run.Title, tc.want)
			}
			if got := strings.Contains(run.Summary, "has launched, so breaking"); got != tc.regresses {
				t.Errorf("summary says the service regresses: %v, want %v:\n%s", got, tc.regresses, run.Summary)
			}
			if tc.regresses && run.Title != "Regresses a launched service: 1 required items break" {
				t.Errorf("title = %q", run.Title)
			}
		})
	}
}
