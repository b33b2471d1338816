package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

var testSections = []checklist.Section{{ID: "cicd", Title: "CI/CD"}, {ID: "resilience", Title: "Resilience"}, {ID: "docs", Title: "Documentation"}}

// bigReport is a monorepo of services services whose readiness item fails with evidence lines
// of evidence in all, spread evenly, plus the hostile items of testReport in every service.
func bigReport(services, evidence int) *checklist.Report {
	base := testReport()
	rep := &checklist.Report{Checklist: base.Checklist}
	for i := range services {
		s := base.Services[0]
		s.Name, s.Path = fmt.Sprintf("svc-%02d", i+1), fmt.Sprintf("services/svc-%02d", i+1)
		s.Items = append([]checklist.Result(nil), s.Items...)
		n := evidence / services
		if i < evidence%services {
			n++
		}
		lines := make([]verdict.Evidence, n)
		for j := range lines {
			lines[j] = ev(fmt.Sprintf("%s/deploy/d%03d.yaml", s.Path, j), j+1, fmt.Sprintf(`container "c%d" has no readinessProbe`, j))
		}
		s.Items[3].Evidence = lines
		rep.Services = append(rep.Services, s)
	}
	return rep
}

func renderCheck(t *testing.T, in CheckInput) CheckRun {
	t.Helper()
	run, err := RenderCheckRun(in)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// annotationsJSON is the golden form of annotations: all of them, or the count and the first and
// last five of a long list.
func annotationsJSON(t *testing.T, as []Annotation) []byte {
	t.Helper()
	var v any = as
	if len(as) > 10 {
		v = struct {
			Count       int
			First, Last []Annotation
		}{len(as), as[:5], as[len(as)-5:]}
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

func TestCheckRunGolden(t *testing.T) {
	t.Parallel()
	fixed := testReport()
	fixed.Services[0].Items[1].Status = verdict.Pass
	tests := map[string]CheckInput{
		"checkrun-one": {Head: testReport(), Base: fixed, Sections: testSections, Problems: []string{"prc.yml is invalid: see @octocat at https://evil.example/#1"}, LaunchLabel: "launch"},
		"checkrun-big": {Head: bigReport(30, 2000), Sections: testSections},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := renderCheck(t, in)
			golden(t, name+"-summary.md.golden", []byte(run.Summary))
			golden(t, name+"-text.md.golden", []byte(run.Text))
			golden(t, name+"-annotations.json.golden", annotationsJSON(t, run.Annotations))
			assertCheckLimits(t, run)
		})
	}
}

func assertCheckLimits(t *testing.T, run CheckRun) {
	t.Helper()
	if len(run.Summary) > MaxCheckRunText || len(run.Text) > MaxCheckRunText {
		t.Errorf("summary %d and text %d bytes; GitHub takes %d", len(run.Summary), len(run.Text), MaxCheckRunText)
	}
	if len(run.Annotations) > MaxAnnotations {
		t.Errorf("%d annotations, over %d", len(run.Annotations), MaxAnnotations)
	}
	for _, a := range run.Annotations {
		if len(a.Title) > MaxAnnotationTitle || len(a.Message) > MaxAnnotationMessage || a.Line < 1 || a.Path == "" {
			t.Errorf("annotation out of GitHub's bounds: %+v", a)
		}
	}
}

func TestCheckRunConclusion(t *testing.T) {
	t.Parallel()
	ready := testReport()
	ready.Services[0].Summary = checklist.Summary{Ready: true, Required: 1, Satisfied: 1}
	tests := map[string]struct {
		in                    CheckInput
		conclusion, wantTitle string
	}{
		"ready":            {CheckInput{Head: ready}, "success", "Ready to launch"},
		"ready and launch": {CheckInput{Head: ready, LaunchLabel: "launch"}, "success", "Ready to launch"},
		"missing":          {CheckInput{Head: testReport()}, "neutral", "4 required items missing"},
		"missing, launch":  {CheckInput{Head: testReport(), LaunchLabel: "launch"}, "failure", "Not ready to launch: 4 required items missing"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := renderCheck(t, tt.in)
			if run.Conclusion != tt.conclusion || run.Title != tt.wantTitle {
				t.Errorf("got %s %q, want %s %q", run.Conclusion, run.Title, tt.conclusion, tt.wantTitle)
			}
		})
	}
}

// TestCheckRunAtTheLimits drives every part of a check run past GitHub's limits.
func TestCheckRunAtTheLimits(t *testing.T) {
	t.Parallel()
	long := testReport()
	long.Services[0].Items[3].Title = strings.Repeat("t", 400)
	long.Services[0].Items[3].Hint = strings.Repeat("fix it. ", 10000)
	long.Services[0].Items[3].Evidence = []verdict.Evidence{ev("deploy/a.yaml", 0, strings.Repeat("é", 40000))}
	tests := map[string]struct {
		in       CheckInput
		summary  string
		textMore bool
	}{
		"300 services": {in: CheckInput{Head: bigReport(300, 300), Sections: testSections}, summary: "more services, not shown here", textMore: true},
		"20,000 lines": {in: CheckInput{Head: bigReport(2, 20000), Sections: testSections}, textMore: true},
		"long texts":   {in: CheckInput{Head: long, Sections: testSections}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := renderCheck(t, tt.in)
			assertCheckLimits(t, run)
			if tt.summary != "" && !strings.Contains(run.Summary, tt.summary) {
				t.Errorf("summary does not say it left services out")
			}
			if !strings.HasSuffix(run.Summary, "</sub>") {
				t.Errorf("summary lost its footer")
			}
			if got := strings.HasSuffix(run.Text, moreDetails); got != tt.textMore {
				t.Errorf("text says more: %v, want %v", got, tt.textMore)
			}
		})
	}
	run := renderCheck(t, CheckInput{Head: long})
	if a := run.Annotations[0]; len(a.Title) != MaxAnnotationTitle || !strings.HasSuffix(a.Title, "…") || len(a.Message) > MaxAnnotationMessage || len(a.Message) < MaxAnnotationMessage-4 {
		t.Errorf("annotation title %d bytes, message %d bytes: want cut at %d and %d", len(a.Title), len(a.Message), MaxAnnotationTitle, MaxAnnotationMessage)
	}
}

func TestChanges(t *testing.T) {
	t.Parallel()
	base := testReport()
	base.Services[0].Items[0].Status = verdict.Fail // cicd.ci: fixed by head
	base.Services[0].Items[6].Status = verdict.Pass // docs.readme: regressed by head
	other := testReport()
	other.Services[0].Name = "other"
	tests := map[string]struct {
		base *checklist.Report
		want string
	}{
		"no base":           {nil, ""},
		"service not in it": {other, ""},
		"same":              {testReport(), ""},
		"fixes, regresses":  {base, "fixes cicd.ci; regresses docs.readme"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Changes(testReport().Services[0], tt.base); got != tt.want {
				t.Errorf("Changes = %q, want %q", got, tt.want)
			}
		})
	}
}
