package reconcile

import (
	"context"
	"slices"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/checklist/render"
)

// PullCheck names the commit a readiness check run is for.
type PullCheck struct {
	HeadSHA string
	// BaseSHA is the pull request's base; empty means the default branch.
	BaseSHA string
	// Numbers are the pull requests of the head commit.
	Numbers []int
}

// PullRequestCheck evaluates a pull request's head with the checklist and configuration of the
// default branch, and creates or updates the readiness check run on the head commit.
func (r *Reconciler) PullRequestCheck(ctx context.Context, t Target, pc PullCheck) error {
	client, repo, err := r.open(ctx, t)
	if err != nil {
		return ignoreNotFound(err)
	}
	rules, err := r.loadRules(ctx, client, t.InstallationID, repo)
	if err != nil {
		return err
	}
	head, err := r.evaluateRef(ctx, client, repo, pc.HeadSHA, rules)
	if err != nil {
		return err
	}
	base := pc.BaseSHA
	if base == "" {
		base = repo.DefaultBranch
	}
	before, err := r.evaluateRef(ctx, client, repo, base, rules)
	if err != nil && !isNotFound(err) {
		return err
	}
	launch, err := r.launchLabelled(ctx, client, repo, pc.Numbers)
	if err != nil {
		return err
	}
	launched, err := r.launchedServices(ctx, repo.ID)
	if err != nil {
		return err
	}
	run, err := r.checkRun(head, before, rules, launch, launched)
	if err != nil {
		return err
	}
	_, err = client.UpsertCheckRun(ctx, repo.Owner, repo.Name, run)
	return err
}

// launchLabelled reports whether a pull request of the check, or a PRC issue of the repository,
// carries the launch label.
func (r *Reconciler) launchLabelled(ctx context.Context, client gh.Client, repo gh.Repo, numbers []int) (bool, error) {
	for _, n := range numbers {
		pr, err := client.PullRequest(ctx, repo.Owner, repo.Name, n)
		if err != nil && !isNotFound(err) {
			return false, err
		}
		if slices.Contains(pr.Labels, r.set.LaunchLabel) {
			return true, nil
		}
	}
	services, err := r.store.Services(ctx, repo.ID)
	if err != nil {
		return false, err
	}
	for _, svc := range services {
		if svc.IssueNumber == 0 {
			continue
		}
		issue, err := client.Issue(ctx, repo.Owner, repo.Name, svc.IssueNumber)
		if err != nil && !isNotFound(err) {
			return false, err
		}
		if issue.State == "open" && issue.HasLabel(r.set.LaunchLabel) {
			return true, nil
		}
	}
	return false, nil
}

// checkRun builds the completed check run from the head and base evaluations; launched names
// the services with a recorded launch.
func (r *Reconciler) checkRun(head, base *evaluation, rules Rules, launch bool, launched []string) (gh.CheckRun, error) {
	in := render.CheckInput{Head: head.report, Sections: rules.Checklist.Sections, Problems: rules.Problems, Launched: launched}
	if base != nil {
		in.Base = base.report
	}
	if launch {
		in.LaunchLabel = r.set.LaunchLabel
	}
	out, err := render.RenderCheckRun(in)
	if err != nil {
		return gh.CheckRun{}, err
	}
	run := gh.CheckRun{Name: r.set.CheckName, HeadSHA: head.commitSHA, Status: "completed", ExternalID: "prc",
		Conclusion: out.Conclusion, Title: out.Title, Summary: out.Summary, Text: out.Text}
	for _, a := range out.Annotations {
		if !inManifestsRepo(head.report, a.Path) {
			run.Annotations = append(run.Annotations, gh.Annotation(a))
		}
	}
	return run, nil
}
