package checklist

import (
	"context"
	"fmt"
	"path"
	"runtime"
	"strings"
	"time"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/internal/parallel"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// Options tune an evaluation.
type Options struct {
	// Config is the repository's .github/prc.yml; nil means none.
	Config *repoconfig.Config
	// DefaultName names the service when the configuration does not.
	DefaultName string
	// Tier overrides every service's tier when set.
	Tier Tier
	// Service restricts the evaluation to the service of that name when set.
	Service string
	// Now is the time waivers are judged against; zero means time.Now().
	Now time.Time
	// Done returns whether a manual item is ticked for a service; nil means nothing is ticked.
	Done func(service, itemID string) bool
	// ListDuplicates fills each ServiceReport's Duplicates (for `prc check --verbose`).
	ListDuplicates bool
	// Manifests, when set, holds the service's Kubernetes manifests, kept outside the repository
	// (`prc check --manifests-dir`, a GitOps layout). It replaces the configuration's manifests.
	Manifests repo.Snapshot
	// ManifestsLabel starts the evidence paths of files of Manifests, such as the directory as
	// given on the command line; empty means "prc-manifests-dir".
	ManifestsLabel string
	// External holds the other repositories that services keep their manifests in, by
	// "owner/name". Evidence from them starts with the repository's name. A service whose
	// repository is missing, or could not be read, has manifests that count as unreadable input:
	// the checks that read them error.
	External map[string]ExternalRepo
}

// manifestsMount is where Options.Manifests is placed for the Kubernetes loader.
const manifestsMount = "prc-manifests-dir"

// Evaluate runs the checklist against every service of snap that the options select.
func Evaluate(ctx context.Context, c *Checklist, snap repo.Snapshot, opts Options) (*Report, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	rep := &Report{Checklist: Info{Name: c.Name, Version: c.Version, Source: c.Source, Base: c.Base, Disabled: c.Disabled}, Skipped: skipped(snap)}
	if opts.Manifests != nil {
		rep.Skipped = append(rep.Skipped, manifestsSkipped(opts)...)
	}
	for _, t := range opts.Config.Targets(opts.DefaultName) {
		if opts.Service != "" && t.Name != opts.Service {
			continue
		}
		sr, err := EvaluateService(ctx, c, snap, t, opts)
		if err != nil {
			return nil, err
		}
		rep.Services = append(rep.Services, sr)
	}
	if opts.Service != "" && len(rep.Services) == 0 {
		return nil, fmt.Errorf("no service named %q", opts.Service)
	}
	return rep, nil
}

// EvaluateService runs the checklist for one service. Evidence paths are relative to the
// repository root, not the service path.
func EvaluateService(ctx context.Context, c *Checklist, snap repo.Snapshot, t repoconfig.Target, opts Options) (ServiceReport, error) {
	tier, err := ParseTier(t.Tier)
	if err != nil {
		return ServiceReport{}, fmt.Errorf("service %s: %w", t.Name, err)
	}
	if opts.Tier != "" {
		tier = opts.Tier
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	m := manifestsOf(t, opts)
	env := newEnv(ctx, snap, t, m)
	items := c.Items()
	results := make([]Result, len(items))
	parallel.ForEach(len(items), runtime.GOMAXPROCS(0), func(i int) {
		results[i] = evaluateItem(env, items[i], t, tier, opts)
	})
	for i := range results {
		m.relabel(results[i].Evidence)
		prefixEvidence(results[i].Evidence, t.Path)
		if c.Base != "" {
			results[i].Origin, results[i].TiersFrom = items[i].Origin, items[i].TiersFrom
		}
	}
	sr := ServiceReport{Name: t.Name, Path: t.Path, Tier: tier, Items: results, Notes: unknownWaivers(c, t), ManifestsRepo: m.repo}
	if m.problem != "" {
		sr.Notes = append(sr.Notes, "The Kubernetes checks could not run: "+m.problem+".")
	}
	if opts.ListDuplicates {
		sr.Duplicates = duplicateCopies(env, t.Path)
		prefixEvidence(sr.Duplicates, t.Path)
	}
	sr.Summary = summarize(results)
	return sr, ctx.Err()
}

func newEnv(ctx context.Context, snap repo.Snapshot, t repoconfig.Target, m serviceManifests) *checks.Env {
	env := checks.NewEnv(ctx, repo.Sub(snap, t.Path), m.roots)
	if t.Path != "" && t.Path != "." {
		env.WithRepository(snap)
	}
	m.apply(env)
	return env
}

// manifestsSkipped lists the files of Options.Manifests that no check read, under its label.
func manifestsSkipped(opts Options) []repo.Skipped {
	label := opts.ManifestsLabel
	if label == "" {
		label = manifestsMount
	}
	out := skipped(opts.Manifests)
	for i := range out {
		out[i].Path = path.Join(label, out[i].Path)
	}
	return out
}

// duplicateCopies lists the other copies of workloads that several sources define, each judged
// once from its most deployment-like source; `prc check --verbose` shows them.
func duplicateCopies(env *checks.Env, dir string) []verdict.Evidence {
	var out []verdict.Evidence
	for _, d := range env.Kube().Duplicates {
		o, kept := d.Object, d.Kept
		msg := fmt.Sprintf("%s/%s: another copy, judged from %s", o.Kind, o.Name, path.Join(dir, kept.Path))
		if kept.Line > 0 {
			msg = fmt.Sprintf("%s:%d", msg, kept.Line)
		}
		out = append(out, verdict.Evidence{Path: o.Path, Line: o.Line, Message: msg})
	}
	return out
}

func evaluateItem(env *checks.Env, it *Item, t repoconfig.Target, tier Tier, opts Options) Result {
	r := Result{ID: it.ID, Section: it.Section, Title: it.Title, Description: it.Description, Kind: it.Kind, Required: it.RequiredFor(tier), Hint: it.Hint, Evidence: []verdict.Evidence{}, EvidenceRequired: it.EvidenceRequired}
	if it.Kind == KindManual {
		r.Status = verdict.Todo
		if opts.Done != nil && opts.Done(t.Name, it.ID) {
			r.Status = verdict.Done
		}
		return r
	}
	out := it.Check.Evaluate(env)
	r.Status = out.Status
	if out.Evidence != nil {
		r.Evidence = out.Evidence
	}
	applyWaiver(&r, t.Waivers, opts.Now)
	return r
}

// applyWaiver marks a non-passing auto result waived when an active waiver names it, and notes an
// expired one.
func applyWaiver(r *Result, waivers []repoconfig.Waiver, now time.Time) {
	for i := range waivers {
		w := waivers[i]
		if w.Item != r.ID {
			continue
		}
		if !w.Active(now) {
			r.Note = fmt.Sprintf("waiver expired on %s (approved by %s: %s)", w.Expires, w.ApprovedBy, w.Reason)
			continue
		}
		if r.Status == verdict.Fail || r.Status == verdict.Error {
			r.Status = verdict.Waived
		}
		r.Waiver = &w
		r.Note = fmt.Sprintf("waived until %s by %s: %s", w.Expires, w.ApprovedBy, w.Reason)
		return
	}
}

func unknownWaivers(c *Checklist, t repoconfig.Target) []string {
	var notes []string
	for _, w := range t.Waivers {
		if _, ok := c.Item(w.Item); !ok {
			notes = append(notes, fmt.Sprintf("%s:%d: waiver names unknown item %q", repoconfig.Path, w.Line, w.Item))
		}
	}
	return notes
}

// prefixEvidence makes evidence paths relative to the repository root: paths of a service's
// files get the service's directory; paths a check marked repository-wide ("/...") lose the mark.
func prefixEvidence(ev []verdict.Evidence, dir string) {
	for i := range ev {
		switch p := ev[i].Path; {
		case strings.HasPrefix(p, "/"):
			ev[i].Path = p[1:]
		case p != "" && dir != "" && dir != ".":
			ev[i].Path = path.Join(dir, p)
		}
	}
}

func skipped(snap repo.Snapshot) []repo.Skipped {
	out := append([]repo.Skipped(nil), snap.Skipped()...)
	for _, f := range snap.Files() {
		if f.Size > repo.MaxFileSize {
			out = append(out, repo.Skipped{Path: f.Path, Reason: fmt.Sprintf("%d bytes, over the 1 MiB limit for content checks", f.Size)})
		}
	}
	return out
}
