package jobs

import (
	"strconv"

	"github.com/prchq/prc/app/store"
)

// DeliveryArgs asks a worker to process one recorded webhook delivery.
type DeliveryArgs struct {
	HookID     int64  `json:"hook_id"`
	DeliveryID string `json:"delivery_id"`
}

// Kind implements river.JobArgs.
func (DeliveryArgs) Kind() string { return "delivery" }

// Repo names a repository of an installation in job arguments.
type Repo struct {
	InstallationID int64  `json:"installation_id"`
	Owner          string `json:"owner"`
	Name           string `json:"name"`
}

// ReconcileArgs asks to evaluate a repository's default branch and upsert its PRC issues.
type ReconcileArgs struct {
	Repo
	// Force onboards a repository that has not opted in (a newly created one).
	Force bool `json:"force,omitempty"`
	// SkipUnchanged leaves the repository alone when its default branch's commit and its rules
	// are those of its last evaluation (a push or the resync, not a deleted issue).
	SkipUnchanged bool `json:"skip_unchanged,omitempty"`
	// Background marks a backfill's reconcile: it yields when the rate limit runs low, so it
	// never stands for an event's.
	Background bool   `json:"background,omitempty"`
	Reason     string `json:"reason"`
	// Sender and OldProperties are what a topic or custom property event said: who changed
	// the launch signal, and the property values before (see reconcile.Trigger).
	Sender        string            `json:"sender,omitempty"`
	OldProperties map[string]string `json:"old_properties,omitempty"`
}

// Kind implements river.JobArgs.
func (ReconcileArgs) Kind() string { return "reconcile" }

// CoalesceOn implements store.Coalescing: a reconcile of the same repository that is still
// waiting, and does at least as much, stands for this one, whatever its reason. Reconcile reads
// the current state, so a burst of events becomes one evaluation of the newest state.
func (a ReconcileArgs) CoalesceOn() *store.Coalesce {
	c := &store.Coalesce{Equal: map[string]string{
		"installation_id": strconv.FormatInt(a.InstallationID, 10), "owner": a.Owner, "name": a.Name}}
	if a.Force {
		c.Set = append(c.Set, "force")
	}
	if !a.SkipUnchanged {
		c.Unset = append(c.Unset, "skip_unchanged")
	}
	if !a.Background {
		c.Unset = append(c.Unset, "background")
	}
	return c
}

// ReviewEditArgs asks to judge a person's edit of a PRC issue body.
type ReviewEditArgs struct {
	Repo
	Number int    `json:"number"`
	Sender string `json:"sender"`
	Body   string `json:"body"`
}

// Kind implements river.JobArgs.
func (ReviewEditArgs) Kind() string { return "review_edit" }

// LaunchArgs asks to gate a launch label added to a PRC issue or a pull request.
type LaunchArgs struct {
	Repo
	Number      int    `json:"number"`
	PullRequest bool   `json:"pull_request"`
	Sender      string `json:"sender"`
}

// Kind implements river.JobArgs.
func (LaunchArgs) Kind() string { return "launch" }

// CheckArgs asks to post the readiness check run on a pull request's head commit.
type CheckArgs struct {
	Repo
	HeadSHA string `json:"head_sha"`
	BaseSHA string `json:"base_sha,omitempty"`
	Numbers []int  `json:"numbers,omitempty"`
}

// Kind implements river.JobArgs.
func (CheckArgs) Kind() string { return "check" }

// IssueStateArgs records that a person closed or reopened a PRC issue.
type IssueStateArgs struct {
	Repo
	Number int  `json:"number"`
	Closed bool `json:"closed"`
}

// Kind implements river.JobArgs.
func (IssueStateArgs) Kind() string { return "issue_state" }

// BackfillArgs asks to onboard an installation's existing repositories.
type BackfillArgs struct {
	InstallationID int64 `json:"installation_id"`
}

// Kind implements river.JobArgs.
func (BackfillArgs) Kind() string { return "backfill" }

// ResyncArgs asks to re-evaluate every onboarded repository of every active installation.
type ResyncArgs struct{}

// Kind implements river.JobArgs.
func (ResyncArgs) Kind() string { return "resync" }
