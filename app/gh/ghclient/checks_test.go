package ghclient_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/prchq/prc/app/gh"
)

func TestPullRequest(t *testing.T) {
	e := newEnv(t)
	head := e.fake.Push(org, repoN, "feature", map[string]string{"a": "b"})
	n, _ := e.fake.OpenPullRequest(org, repoN, "feature", "main", "launch")
	got, err := e.client(t).PullRequest(bg, org, repoN, n)
	if err != nil {
		t.Fatal(err)
	}
	want := gh.PullRequest{Number: n, HeadSHA: head, HeadRef: "feature", BaseSHA: e.repo.HeadSHA, BaseRef: "main", State: "open", Labels: []string{"launch"}}
	if got.Number != want.Number || got.HeadSHA != want.HeadSHA || got.HeadRef != want.HeadRef || got.BaseSHA != want.BaseSHA ||
		got.BaseRef != want.BaseRef || got.State != want.State || !slices.Equal(got.Labels, want.Labels) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func annotations(n int) []gh.Annotation {
	out := make([]gh.Annotation, n)
	for k := range out {
		out[k] = gh.Annotation{Path: "deploy/k8s/app.yaml", Line: k + 1, Level: "failure", Title: "resilience.liveness", Message: fmt.Sprintf("item %d", k)}
	}
	return out
}

func TestUpsertCheckRunCreatesThenUpdates(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	run := gh.CheckRun{Name: "Production readiness", HeadSHA: e.repo.HeadSHA, Status: "in_progress", Title: "Evaluating", Summary: "…"}
	id, err := c.UpsertCheckRun(bg, org, repoN, run)
	if err != nil {
		t.Fatal(err)
	}
	run.Status, run.Conclusion, run.Title, run.Summary, run.Text = "completed", "neutral", "3 of 5 items", "summary", "details"
	run.DetailsURL, run.ExternalID = "https://prc.example/acme/api", "acme/api:api"
	id2, err := c.UpsertCheckRun(bg, org, repoN, run)
	if err != nil {
		t.Fatal(err)
	}
	runs := e.fake.CheckRuns(org, repoN, e.repo.HeadSHA)
	if len(runs) != 1 || id != id2 || runs[0].ID != id {
		t.Fatalf("runs %+v, ids %d %d; want one run", runs, id, id2)
	}
	r := runs[0]
	if r.Status != "completed" || r.Conclusion != "neutral" || r.Title != "3 of 5 items" || r.Summary != "summary" ||
		r.Text != "details" || r.DetailsURL != run.DetailsURL || r.ExternalID != run.ExternalID {
		t.Errorf("run %+v", r)
	}
}

func TestUpsertCheckRunBatchesAnnotations(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	run := gh.CheckRun{Name: "Production readiness", HeadSHA: e.repo.HeadSHA, Conclusion: "failure", Title: "2 failing", Summary: "table", Text: "text",
		Annotations: annotations(120)}
	if _, err := c.UpsertCheckRun(bg, org, repoN, run); err != nil {
		t.Fatal(err)
	}
	if n, want := len(e.rec.requests("POST"))+len(e.rec.requests("PATCH")), 3; n != want {
		t.Errorf("sent %d mutations, want %d", n, want)
	}
	runs := e.fake.CheckRuns(org, repoN, e.repo.HeadSHA)
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	r := runs[0]
	if len(r.Annotations) != 120 || r.Title != "2 failing" || r.Summary != "table" || r.Text != "text" || r.Conclusion != "failure" {
		t.Fatalf("run has %d annotations, output %q/%q/%q, conclusion %q", len(r.Annotations), r.Title, r.Summary, r.Text, r.Conclusion)
	}
	for k, a := range r.Annotations {
		if a.Message != fmt.Sprintf("item %d", k) || a.StartLine != k+1 || a.EndLine != k+1 || a.Level != "failure" {
			t.Fatalf("annotation %d: %+v", k, a)
		}
	}

	t.Run("same result again adds no duplicates", func(t *testing.T) {
		e.rec.reset()
		if _, err := c.UpsertCheckRun(bg, org, repoN, run); err != nil {
			t.Fatal(err)
		}
		runs := e.fake.CheckRuns(org, repoN, e.repo.HeadSHA)
		if len(runs) != 1 || len(runs[0].Annotations) != 120 {
			t.Errorf("%d runs, %d annotations; want 1 run with 120", len(runs), len(runs[0].Annotations))
		}
		if n := len(e.rec.requests("PATCH")); n != 1 {
			t.Errorf("sent %d PATCHes, want 1", n)
		}
	})
}

func TestUpsertCheckRunRejectsIncompleteRuns(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	tests := map[string]gh.CheckRun{
		"no name":                  {HeadSHA: e.repo.HeadSHA},
		"no head":                  {Name: "Production readiness"},
		"completed, no conclusion": {Name: "Production readiness", HeadSHA: e.repo.HeadSHA, Status: "completed"},
	}
	for name, run := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := c.UpsertCheckRun(bg, org, repoN, run); err == nil {
				t.Error("accepted")
			}
		})
	}
	if n := len(e.rec.requests("")); n != 0 {
		t.Errorf("sent %d requests for invalid runs", n)
	}
}
