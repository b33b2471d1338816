package reconcile

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/templates"
)

// maxAnnotations bounds the annotations of one check run.
const maxAnnotations = 500

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
	run, err := r.checkRun(head, before, rules, launch)
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

// checkRun builds the completed check run from the head and base evaluations.
func (r *Reconciler) checkRun(head, base *evaluation, rules Rules, launch bool) (gh.CheckRun, error) {
	ready, missing := true, 0
	for _, s := range head.Services {
		ready = ready && s.Summary.Ready
		missing += len(s.Summary.Missing)
	}
	run := gh.CheckRun{Name: r.set.CheckName, HeadSHA: head.commitSHA, Status: "completed", ExternalID: "prc"}
	switch {
	case ready:
		run.Conclusion, run.Title = "success", "Ready to launch"
	case launch:
		run.Conclusion, run.Title = "failure", fmt.Sprintf("Not ready to launch: %d required items missing", missing)
	default:
		run.Conclusion, run.Title = "neutral", fmt.Sprintf("%d required items missing", missing)
	}
	summary, err := renderCheckSummary(head, base, rules, launch, r.set.LaunchLabel)
	if err != nil {
		return run, err
	}
	run.Summary = summary
	run.Text = failingDetails(head)
	run.Annotations = annotations(head)
	return run, nil
}

// maxCheckText keeps the check run's text under GitHub's 65,535 characters.
const maxCheckText = 60000

// failingDetails lists every failing or erroring auto item with its evidence and fix, the
// details a pull request's author needs beyond the annotations.
func failingDetails(ev *evaluation) string {
	var b strings.Builder
	for _, s := range ev.Services {
		for _, res := range s.Items {
			if res.Kind != checklist.KindAuto || (res.Status != verdict.Fail && res.Status != verdict.Error) {
				continue
			}
			entry := fmt.Sprintf("#### %s `%s` %s (%s)\n", s.Name, res.ID, res.Title, res.Status)
			for _, e := range res.Evidence {
				entry += "- " + e.String() + "\n"
			}
			if res.Hint != "" {
				entry += "- Fix: " + res.Hint + "\n"
			}
			if b.Len()+len(entry) > maxCheckText {
				b.WriteString("\n… more in `prc check` and the PRC issue.\n")
				return b.String()
			}
			b.WriteString(entry + "\n")
		}
	}
	return b.String()
}

// annotations marks the evidence of failing auto items at file and line.
func annotations(ev *evaluation) []gh.Annotation {
	var out []gh.Annotation
	for _, s := range ev.Services {
		for _, res := range s.Items {
			if res.Kind != checklist.KindAuto || (res.Status != verdict.Fail && res.Status != verdict.Error) {
				continue
			}
			level := "warning"
			if res.Required {
				level = "failure"
			}
			for _, e := range res.Evidence {
				if e.Path == "" || len(out) >= maxAnnotations {
					continue
				}
				line := max(e.Line, 1)
				msg := e.Message
				if res.Hint != "" {
					msg += "\nFix: " + res.Hint
				}
				out = append(out, gh.Annotation{Path: e.Path, Line: line, Level: level, Title: fmt.Sprintf("%s: %s (%s)", res.ID, res.Title, res.Status), Message: msg})
			}
		}
	}
	return out
}

// changes describes what a pull request fixes and regresses against its base, for one service.
func changes(head checklist.ServiceReport, base *evaluation) string {
	if base == nil {
		return ""
	}
	var before *checklist.ServiceReport
	for i := range base.Services {
		if base.Services[i].Name == head.Name {
			before = &base.Services[i]
		}
	}
	if before == nil {
		return ""
	}
	was := map[string]bool{}
	for _, res := range before.Items {
		was[res.ID] = res.Status.Satisfied()
	}
	var fixes, regressions []string
	for _, res := range head.Items {
		prev, ok := was[res.ID]
		switch {
		case !ok || res.Kind != checklist.KindAuto:
		case !prev && res.Status.Satisfied():
			fixes = append(fixes, res.ID)
		case prev && !res.Status.Satisfied():
			regressions = append(regressions, res.ID)
		}
	}
	var parts []string
	if len(fixes) > 0 {
		parts = append(parts, "fixes "+strings.Join(fixes, ", "))
	}
	if len(regressions) > 0 {
		parts = append(parts, "regresses "+strings.Join(regressions, ", "))
	}
	return strings.Join(parts, "; ")
}

type sectionCounts struct {
	Title                                     string
	Pass, Fail, Error, NA, Waived, Todo, Done int
}

type checkService struct {
	checklist.ServiceReport
	Changes  string
	Sections []sectionCounts
	Missing  []string
}

func renderCheckSummary(head, base *evaluation, rules Rules, launch bool, launchLabel string) (string, error) {
	tmpl, err := templates.Load("check_run.md.tmpl", nil)
	if err != nil {
		return "", err
	}
	data := map[string]any{"Checklist": head.info.Name, "Version": head.info.Version, "Problems": rules.Problems, "LaunchLabel": ""}
	if launch {
		data["LaunchLabel"] = launchLabel
	}
	var services []checkService
	for _, s := range head.Services {
		services = append(services, checkService{ServiceReport: s, Changes: changes(s, base), Sections: countSections(rules.Checklist, s), Missing: s.Summary.Missing})
	}
	data["Services"] = services
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return "", fmt.Errorf("render check run: %w", err)
	}
	return b.String(), nil
}

func countSections(c *checklist.Checklist, s checklist.ServiceReport) []sectionCounts {
	var out []sectionCounts
	index := map[string]int{}
	for _, sec := range c.Sections {
		index[sec.ID] = len(out)
		out = append(out, sectionCounts{Title: sec.Title})
	}
	for _, res := range s.Items {
		i, ok := index[res.Section]
		if !ok {
			continue
		}
		sc := &out[i]
		counts := map[verdict.Status]*int{verdict.Pass: &sc.Pass, verdict.Fail: &sc.Fail, verdict.Error: &sc.Error, verdict.NA: &sc.NA,
			verdict.Waived: &sc.Waived, verdict.Todo: &sc.Todo, verdict.Done: &sc.Done}
		if p, ok := counts[res.Status]; ok {
			*p++
		}
	}
	return out
}
