package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/prchq/prc/app/events"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
)

// recorder is an events.Store that records the bookkeeping it is asked to do.
type recorder struct{ calls []string }

func (r *recorder) UpsertInstallation(_ context.Context, in store.Installation) error {
	r.calls = append(r.calls, fmt.Sprintf("install %d %s", in.ID, in.Account))
	return nil
}
func (r *recorder) SetInstallationSuspended(_ context.Context, id int64, s bool) error {
	r.calls = append(r.calls, fmt.Sprintf("suspend %d %v", id, s))
	return nil
}
func (r *recorder) DeleteInstallation(_ context.Context, id int64) error {
	r.calls = append(r.calls, fmt.Sprintf("delete %d", id))
	return nil
}
func (r *recorder) UpsertRepository(_ context.Context, repo store.Repository) error {
	r.calls = append(r.calls, fmt.Sprintf("repo %d %s", repo.ID, repo.FullName()))
	return nil
}
func (r *recorder) RemoveRepository(_ context.Context, id int64) error {
	r.calls = append(r.calls, fmt.Sprintf("unrepo %d", id))
	return nil
}

func payload(t *testing.T, name string, edits map[string]any) []byte {
	t.Helper()
	p := fixtures.Payload(t, name)
	for k, v := range edits {
		fixtures.Set(p, k, v)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDispatch(t *testing.T) {
	const inst = 7
	repo := jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "Hello-World"}
	launch := map[string]any{"name": "launch"}
	prcLabels := []any{map[string]any{"name": "prc"}}
	tests := map[string]struct {
		event, fixture string
		edits          map[string]any
		jobs           []river.JobArgs
		calls          int
	}{
		"repository created":                 {"repository", "repository/created", nil, []river.JobArgs{jobs.ReconcileArgs{Repo: repo, Force: true, Reason: "repository created"}}, 1},
		"installation created":               {"installation", "installation/created", nil, []river.JobArgs{jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "Hello-World"}, Reason: "app installed"}}, 2},
		"installation listing no repository": {"installation", "installation/created", map[string]any{"repositories": []any{}}, []river.JobArgs{jobs.BackfillArgs{InstallationID: inst}}, 1},
		"installation deleted":               {"installation", "installation/deleted", nil, nil, 1},
		"installation suspend":               {"installation", "installation/suspend", nil, nil, 1},
		"repositories removed":               {"installation_repositories", "installation_repositories/removed", nil, nil, 1},
		"push elsewhere":                     {"push", "push", map[string]any{"ref": "refs/heads/feature"}, nil, 0},
		"push default branch":                {"push", "push", map[string]any{"ref": "refs/heads/main", "deleted": false, "repository.default_branch": "main"}, []river.JobArgs{jobs.ReconcileArgs{Repo: repo, SkipUnchanged: true, Reason: "push to refs/heads/main"}}, 0},
		"edit of a PRC issue": {"issues", "issues/edited", map[string]any{"issue.labels": prcLabels, "issue.body": "b", "issue.number": 3, "changes": map[string]any{"body": map[string]any{"from": "a"}}},
			[]river.JobArgs{jobs.ReviewEditArgs{Repo: repo, Number: 3, Sender: "Codertocat", Body: "b"}}, 0},
		"edit naming no change": {"issues", "issues/edited", map[string]any{"issue.labels": prcLabels, "issue.body": "b", "issue.number": 3},
			[]river.JobArgs{jobs.ReviewEditArgs{Repo: repo, Number: 3, Sender: "Codertocat", Body: "b"}}, 0},
		"edit of a PRC issue without its label": {"issues", "issues/edited", map[string]any{"issue.labels": []any{}, "issue.title": "Production readiness: api", "issue.body": "b", "issue.number": 3},
			[]river.JobArgs{jobs.ReviewEditArgs{Repo: repo, Number: 3, Sender: "Codertocat", Body: "b"}}, 0},
		"edit of another issue":   {"issues", "issues/edited", map[string]any{"issue.labels": []any{}, "changes": map[string]any{"body": map[string]any{"from": "a"}}}, nil, 0},
		"title edit of PRC issue": {"issues", "issues/edited", map[string]any{"issue.labels": prcLabels, "changes": map[string]any{"title": map[string]any{"from": "a"}}}, nil, 0},
		"launch on PRC issue": {"issues", "issues/labeled", map[string]any{"issue.labels": prcLabels, "label": launch, "issue.number": 5},
			[]river.JobArgs{jobs.LaunchArgs{Repo: repo, Number: 5, Sender: "Codertocat"}}, 0},
		"other label on PRC issue": {"issues", "issues/labeled", map[string]any{"issue.labels": prcLabels}, nil, 0},
		"PR opened": {"pull_request", "pull_request/opened", map[string]any{"pull_request.head.sha": "h", "pull_request.base.sha": "b", "pull_request.number": 9},
			[]river.JobArgs{jobs.CheckArgs{Repo: repo, HeadSHA: "h", BaseSHA: "b", Numbers: []int{9}}}, 0},
		"PR launch label": {"pull_request", "pull_request/labeled", map[string]any{"label": launch, "pull_request.head.sha": "h", "pull_request.base.sha": "b", "pull_request.number": 9},
			[]river.JobArgs{jobs.LaunchArgs{Repo: repo, Number: 9, PullRequest: true, Sender: "Codertocat"}, jobs.CheckArgs{Repo: repo, HeadSHA: "h", BaseSHA: "b", Numbers: []int{9}}}, 0},
		"check suite": {"check_suite", "check_suite/requested", map[string]any{"check_suite.head_sha": "h", "check_suite.pull_requests": []any{}},
			[]river.JobArgs{jobs.CheckArgs{Repo: repo, HeadSHA: "h"}}, 0},
		// The fixture's app timestamps are not in the RFC 3339 form GitHub sends.
		"check run re-run": {"check_run", "check_run/rerequested", map[string]any{"check_run.app": map[string]any{}, "check_run.check_suite.app": map[string]any{}, "check_run.head_sha": "h", "check_run.pull_requests": []any{
			map[string]any{"number": 4, "base": map[string]any{"sha": "b"}}, map[string]any{"number": 5, "base": map[string]any{"sha": "c"}}}},
			[]river.JobArgs{jobs.CheckArgs{Repo: repo, HeadSHA: "h", BaseSHA: "b", Numbers: []int{4, 5}}}, 0},
		"push of organisation settings": {"push", "push", map[string]any{"ref": "refs/heads/main", "deleted": false, "repository.default_branch": "main", "repository.name": ".github",
			"commits": []any{map[string]any{"added": []any{"README.md"}, "modified": []any{"prc/checklist.yaml"}}}}, []river.JobArgs{jobs.BackfillArgs{InstallationID: inst}}, 0},
		"push to .github elsewhere": {"push", "push", map[string]any{"ref": "refs/heads/main", "deleted": false, "repository.default_branch": "main", "repository.name": ".github",
			"commits": []any{map[string]any{"added": []any{"profile/README.md"}}}}, []river.JobArgs{jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: ".github"}, SkipUnchanged: true, Reason: "push to refs/heads/main"}}, 0},
		"topics edited": {"repository", "repository/edited", map[string]any{"changes": map[string]any{"topics": map[string]any{"from": []any{"launching"}}}},
			[]river.JobArgs{jobs.ReconcileArgs{Repo: repo, Reason: "repository edited", Sender: "Codertocat"}}, 0},
		"custom property values": {"custom_property_values", "custom_property_values/updated", nil,
			[]river.JobArgs{jobs.ReconcileArgs{Repo: repo, Reason: "custom property values updated", Sender: "Codertocat", OldProperties: map[string]string{"lifecycle": "launching", "regions": ""}}}, 0},
		"custom property values, multi-select": {"custom_property_values", "custom_property_values/updated", map[string]any{"old_property_values": []any{map[string]any{"property_name": "regions", "value": []any{"eu", "us"}}}},
			[]river.JobArgs{jobs.ReconcileArgs{Repo: repo, Reason: "custom property values updated", Sender: "Codertocat", OldProperties: map[string]string{"regions": "eu,us"}}}, 0},
		"unknown event": {"label", "label/created", nil, nil, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			edits := map[string]any{"installation.id": inst, "repository.owner.login": "Codertocat", "repository.name": "Hello-World", "sender.login": "Codertocat"}
			for k, v := range tc.edits {
				edits[k] = v
			}
			rec := &recorder{}
			got, err := events.NewDispatcher(rec, events.Settings{IssueLabel: "prc", LaunchLabel: "launch"}).Dispatch(context.Background(), tc.event, payload(t, tc.fixture, edits))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.jobs) {
				t.Errorf("jobs\n got %#v\nwant %#v", got, tc.jobs)
			}
			if len(rec.calls) != tc.calls {
				t.Errorf("bookkeeping = %v, want %d calls", rec.calls, tc.calls)
			}
		})
	}
}

func TestUninstallForgetsTheClient(t *testing.T) {
	var forgot []int64
	d := events.NewDispatcher(&recorder{}, events.Settings{}, events.WithForget(func(id int64) { forgot = append(forgot, id) }))
	for _, action := range []string{"installation/suspend", "installation/deleted"} {
		if _, err := d.Dispatch(context.Background(), "installation", payload(t, action, map[string]any{"installation.id": 7})); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(forgot, []int64{7}) {
		t.Errorf("forgot %v, want installation 7 once, after the uninstall", forgot)
	}
}

func TestHandles(t *testing.T) {
	tests := map[string]bool{
		"push/": true, "issues/edited": true, "issues/opened": false, "check_run/rerequested": true, "check_run/created": false,
		"installation/deleted": true, "issue_comment/created": false, "ping/": false,
		"custom_property_values/updated": true, "repository/edited": true, "custom_property/created": false,
	}
	for ea, want := range tests {
		event, action, _ := strings.Cut(ea, "/")
		if got := events.Handles(event, action); got != want {
			t.Errorf("Handles(%q, %q) = %v, want %v", event, action, got, want)
		}
	}
}

func TestDispatchMalformed(t *testing.T) {
	_, err := events.NewDispatcher(&recorder{}, events.Settings{}).Dispatch(context.Background(), "push", []byte(`{"ref": 1}`))
	if err == nil {
		t.Error("a malformed payload must be an error")
	}
}
