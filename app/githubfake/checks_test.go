package githubfake_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-github/v60/github"
)

func annotations(n int, from int) []*github.CheckRunAnnotation {
	out := make([]*github.CheckRunAnnotation, n)
	for k := range out {
		out[k] = &github.CheckRunAnnotation{Path: github.String("deploy/k8s/app.yaml"), StartLine: github.Int(from + k),
			EndLine: github.Int(from + k), AnnotationLevel: github.String("failure"), Message: github.String(fmt.Sprint("item ", from+k))}
	}
	return out
}

func output(n, from int) *github.CheckRunOutput {
	return &github.CheckRunOutput{Title: github.String("Readiness"), Summary: github.String("s"), Annotations: annotations(n, from)}
}

func TestCheckRunAnnotationsAccumulate(t *testing.T) {
	t.Parallel()
	f, c, r := setup(t)
	ctx := context.Background()
	run, _, err := c.Checks.CreateCheckRun(ctx, org, repo, github.CreateCheckRunOptions{
		Name: "Production readiness", HeadSHA: r.HeadSHA, Status: github.String("in_progress"), Output: output(50, 1),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Checks.UpdateCheckRun(ctx, org, repo, run.GetID(), github.UpdateCheckRunOptions{Output: output(51, 51)}); status(err) != 422 {
		t.Fatalf("51 annotations: %v, want 422", err)
	}
	done, _, err := c.Checks.UpdateCheckRun(ctx, org, repo, run.GetID(), github.UpdateCheckRunOptions{
		Conclusion: github.String("neutral"), Output: output(30, 51),
	})
	if err != nil {
		t.Fatal(err)
	}
	if done.GetStatus() != "completed" || done.GetOutput().GetAnnotationsCount() != 80 || done.GetName() != "Production readiness" {
		t.Errorf("run = status %s, %d annotations, name %q", done.GetStatus(), done.GetOutput().GetAnnotationsCount(), done.GetName())
	}
	runs := f.CheckRuns(org, repo, r.HeadSHA)
	if len(runs) != 1 || len(runs[0].Annotations) != 80 || runs[0].Annotations[79].StartLine != 80 || runs[0].Conclusion != "neutral" {
		t.Fatalf("state = %+v", runs)
	}
	if got := countAnnotations(t, c, run.GetID()); got != 80 {
		t.Errorf("listed %d annotations, want 80", got)
	}
}

// countAnnotations lists a check run's annotations page by page.
func countAnnotations(t *testing.T, c *github.Client, id int64) int {
	t.Helper()
	listed := 0
	opt := &github.ListOptions{PerPage: 30}
	for {
		page, resp, err := c.Checks.ListCheckRunAnnotations(context.Background(), org, repo, id, opt)
		if err != nil {
			t.Fatal(err)
		}
		listed += len(page)
		if resp.NextPage == 0 {
			return listed
		}
		opt.Page = resp.NextPage
	}
}

func TestCheckRunValidation(t *testing.T) {
	t.Parallel()
	_, c, r := setup(t)
	ctx := context.Background()
	tests := map[string]github.CreateCheckRunOptions{
		"unknown head sha":              {Name: "n", HeadSHA: "0000000000000000000000000000000000000000"},
		"missing name":                  {HeadSHA: r.HeadSHA},
		"completed without conclusion":  {Name: "n", HeadSHA: r.HeadSHA, Status: github.String("completed")},
		"unknown conclusion":            {Name: "n", HeadSHA: r.HeadSHA, Conclusion: github.String("great")},
		"output without summary":        {Name: "n", HeadSHA: r.HeadSHA, Output: &github.CheckRunOutput{Title: github.String("t")}},
		"51 annotations on create":      {Name: "n", HeadSHA: r.HeadSHA, Output: output(51, 1)},
		"columns across lines":          {Name: "n", HeadSHA: r.HeadSHA, Output: multiLineColumns()},
		"annotation with unknown level": {Name: "n", HeadSHA: r.HeadSHA, Output: badLevel()},
	}
	for name, opt := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, err := c.Checks.CreateCheckRun(ctx, org, repo, opt); status(err) != 422 {
				t.Errorf("err = %v, want 422", err)
			}
		})
	}
}

func multiLineColumns() *github.CheckRunOutput {
	o := output(1, 1)
	o.Annotations[0].EndLine, o.Annotations[0].StartColumn = github.Int(3), github.Int(1)
	return o
}

func badLevel() *github.CheckRunOutput {
	o := output(1, 1)
	o.Annotations[0].AnnotationLevel = github.String("error")
	return o
}

func TestListCheckRunsForRef(t *testing.T) {
	t.Parallel()
	_, c, r := setup(t)
	ctx := context.Background()
	for _, name := range []string{"Production readiness", "Production readiness", "lint"} {
		if _, _, err := c.Checks.CreateCheckRun(ctx, org, repo, github.CreateCheckRunOptions{Name: name, HeadSHA: r.HeadSHA}); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]struct {
		ref, name, filter string
		want              int
	}{
		"latest per name by sha": {ref: r.HeadSHA, want: 2},
		"by branch and name":     {ref: "main", name: "Production readiness", want: 1},
		"all runs of a name":     {ref: "main", name: "Production readiness", filter: "all", want: 2},
		"unknown name":           {ref: "main", name: "nope", want: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, _, err := c.Checks.ListCheckRunsForRef(ctx, org, repo, tc.ref, &github.ListCheckRunsOptions{
				CheckName: github.String(tc.name), Filter: github.String(tc.filter)})
			if err != nil {
				t.Fatal(err)
			}
			if res.GetTotal() != tc.want || len(res.CheckRuns) != tc.want {
				t.Errorf("total = %d (%d listed), want %d", res.GetTotal(), len(res.CheckRuns), tc.want)
			}
		})
	}
}
