package events_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/prchq/prc/app/events"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
)

// ManifestDependents: the plain recorder knows of no repository depending on another.
func (r *recorder) ManifestDependents(context.Context, int64, string, string) ([]store.Repository, error) {
	return nil, nil
}

// dependents is a recorder that knows which repositories keep their manifests where.
type dependents struct {
	recorder
	of map[string][]store.Repository // by lower-case owner/name
}

func (d *dependents) ManifestDependents(_ context.Context, inst int64, owner, name string) ([]store.Repository, error) {
	var out []store.Repository
	for _, r := range d.of[strings.ToLower(owner+"/"+name)] {
		if r.InstallationID == inst {
			out = append(out, r)
		}
	}
	return out, nil
}

func TestPushReconcilesManifestDependents(t *testing.T) {
	const inst = 7
	gitops := jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "Hello-World"}
	st := &dependents{of: map[string][]store.Repository{"codertocat/hello-world": {
		{ID: 1, InstallationID: inst, Owner: "Codertocat", Name: "payments"},
		{ID: 2, InstallationID: inst, Owner: "Codertocat", Name: "Hello-World"}, // itself: reconciled once
		{ID: 3, InstallationID: 99, Owner: "Codertocat", Name: "elsewhere"},
	}}}
	edits := map[string]any{"installation.id": inst, "repository.owner.login": "Codertocat", "repository.name": "Hello-World",
		"ref": "refs/heads/main", "deleted": false, "repository.default_branch": "main"}
	got, err := events.NewDispatcher(st, events.Settings{}).Dispatch(context.Background(), "push", payload(t, "push", edits))
	if err != nil {
		t.Fatal(err)
	}
	want := []river.JobArgs{
		jobs.ReconcileArgs{Repo: gitops, SkipUnchanged: true, Reason: "push to refs/heads/main"},
		jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "payments"}, SkipUnchanged: true, Reason: "push to its manifests in Codertocat/Hello-World"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs = %+v\nwant %+v", got, want)
	}
	edits["ref"] = "refs/heads/feature"
	if got, err := events.NewDispatcher(st, events.Settings{}).Dispatch(context.Background(), "push", payload(t, "push", edits)); err != nil || len(got) != 0 {
		t.Errorf("a push to another branch gave %+v, %v; want nothing", got, err)
	}
}

// TestRepositoryAddedReconcilesManifestDependents: a repository given to the installation after
// a service named it for its manifests re-evaluates that service, which could not read it before.
func TestRepositoryAddedReconcilesManifestDependents(t *testing.T) {
	const inst = 7
	st := &dependents{of: map[string][]store.Repository{"codertocat/space": {{ID: 1, InstallationID: inst, Owner: "Codertocat", Name: "payments"}}}}
	got, err := events.NewDispatcher(st, events.Settings{}).Dispatch(context.Background(), "installation_repositories",
		payload(t, "installation_repositories/added", map[string]any{"installation.id": inst}))
	if err != nil {
		t.Fatal(err)
	}
	want := []river.JobArgs{
		jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "Space"}, Reason: "repository added to the installation"},
		jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst, Owner: "Codertocat", Name: "payments"}, SkipUnchanged: true, Reason: "its manifests' repository Codertocat/Space was added to the installation"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs = %+v\nwant %+v", got, want)
	}
}
