package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// maxAnnotations is how many annotations GitHub accepts in one check-run request.
const maxAnnotations = 50

// UpsertCheckRun implements gh.Client. It updates the app's newest run with run.Name on
// run.HeadSHA, or creates one, and sends the annotations 50 per request: the first batch with
// the create or update, the rest in further updates carrying the same output text.
//
// GitHub appends annotations on update and cannot delete them, so when the existing run
// already shows the same title and summary with at least as many annotations, they are not
// sent again.
func (c *client) UpsertCheckRun(ctx context.Context, owner, name string, run gh.CheckRun) (int64, error) {
	op := fmt.Sprintf("upsert check run %q on %s of %s/%s", run.Name, run.HeadSHA, owner, name)
	if run.Name == "" || run.HeadSHA == "" {
		return 0, errors.New(op + ": a name and a head SHA are required")
	}
	if run.Status == "completed" && run.Conclusion == "" {
		return 0, errors.New(op + ": a completed run needs a conclusion")
	}
	existing, err := c.findRun(ctx, owner, name, run)
	if err != nil {
		return 0, c.fail(op, err)
	}
	batches := annotationBatches(run.Annotations)
	if existing != nil && alreadyAnnotated(existing, run) {
		batches = nil
	}
	id, err := c.writeRun(ctx, owner, name, existing, run, first(batches))
	if err != nil {
		return 0, c.fail(op, err)
	}
	for k := 1; k < len(batches); k++ {
		opts := github.UpdateCheckRunOptions{Name: run.Name, Output: output(run, batches[k])}
		if _, _, err := c.gh.Checks.UpdateCheckRun(ctx, owner, name, id, opts); err != nil {
			return id, c.fail(fmt.Sprintf("%s: annotations batch %d of %d", op, k+1, len(batches)), err)
		}
	}
	return id, nil
}

// findRun returns the app's newest run named run.Name on the head SHA, or nil.
func (c *client) findRun(ctx context.Context, owner, name string, run gh.CheckRun) (*github.CheckRun, error) {
	opts := &github.ListCheckRunsOptions{CheckName: &run.Name, AppID: &c.appID, ListOptions: github.ListOptions{PerPage: pageSize}}
	res, resp, err := c.gh.Checks.ListCheckRunsForRef(ctx, owner, name, run.HeadSHA, opts)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var found *github.CheckRun
	for _, cr := range res.CheckRuns {
		mine := cr.App == nil || cr.App.GetID() == c.appID
		if mine && cr.GetName() == run.Name && (found == nil || cr.GetID() > found.GetID()) {
			found = cr
		}
	}
	return found, nil
}

// writeRun creates the run, or updates existing, with the first batch of annotations. A
// create that may have failed is looked for before it is sent again.
func (c *client) writeRun(ctx context.Context, owner, name string, existing *github.CheckRun, run gh.CheckRun,
	anns []*github.CheckRunAnnotation) (int64, error) {
	status, conclusion, completed := c.state(run)
	if existing == nil {
		var id int64
		create := func() error {
			cr, _, err := c.gh.Checks.CreateCheckRun(ctx, owner, name, github.CreateCheckRunOptions{
				Name: run.Name, HeadSHA: run.HeadSHA, DetailsURL: optional(run.DetailsURL), ExternalID: optional(run.ExternalID),
				Status: status, Conclusion: conclusion, CompletedAt: completed, Output: output(run, anns)})
			id = cr.GetID()
			return err
		}
		look := func() (bool, error) {
			found, err := c.findRun(ctx, owner, name, run)
			id = found.GetID()
			return found != nil, err
		}
		err := c.createOnce(ctx, "POST /repos/{owner}/{repo}/check-runs", create, look)
		return id, err
	}
	_, _, err := c.gh.Checks.UpdateCheckRun(ctx, owner, name, existing.GetID(), github.UpdateCheckRunOptions{
		Name: run.Name, DetailsURL: optional(run.DetailsURL), ExternalID: optional(run.ExternalID),
		Status: status, Conclusion: conclusion, CompletedAt: completed, Output: output(run, anns)})
	return existing.GetID(), err
}

// state maps the run's status and conclusion; a conclusion completes the run now.
func (c *client) state(run gh.CheckRun) (status, conclusion *string, completed *github.Timestamp) {
	if run.Conclusion != "" {
		return github.String("completed"), &run.Conclusion, &github.Timestamp{Time: c.now()}
	}
	return optional(run.Status), nil, nil
}

// output is the run's text with some annotations, or nil when there is nothing to show.
func output(run gh.CheckRun, anns []*github.CheckRunAnnotation) *github.CheckRunOutput {
	if run.Title == "" && run.Summary == "" && run.Text == "" && len(anns) == 0 {
		return nil
	}
	return &github.CheckRunOutput{Title: &run.Title, Summary: &run.Summary, Text: optional(run.Text), Annotations: anns}
}

func alreadyAnnotated(existing *github.CheckRun, run gh.CheckRun) bool {
	out := existing.GetOutput()
	return out.GetTitle() == run.Title && out.GetSummary() == run.Summary && out.GetAnnotationsCount() >= len(run.Annotations)
}

// annotationBatches converts annotations and splits them into batches GitHub accepts. An
// annotation without a line marks the file's first line; one without a level is a failure.
func annotationBatches(in []gh.Annotation) [][]*github.CheckRunAnnotation {
	var batches [][]*github.CheckRunAnnotation
	for k, a := range in {
		if k%maxAnnotations == 0 {
			batches = append(batches, make([]*github.CheckRunAnnotation, 0, maxAnnotations))
		}
		line, level := max(a.Line, 1), a.Level
		if level == "" {
			level = "failure"
		}
		b := &batches[len(batches)-1]
		*b = append(*b, &github.CheckRunAnnotation{Path: github.String(a.Path), StartLine: github.Int(line), EndLine: github.Int(line),
			AnnotationLevel: github.String(level), Title: optional(a.Title), Message: github.String(a.Message)})
	}
	return batches
}

func first(batches [][]*github.CheckRunAnnotation) []*github.CheckRunAnnotation {
	if len(batches) == 0 {
		return nil
	}
	return batches[0]
}

// optional is nil for "", so go-github leaves the field out.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
