package checklist

import (
	"slices"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/verdict"
)

// Report is the result of evaluating a checklist against a repository.
type Report struct {
	Checklist Info            `json:"checklist"`
	Services  []ServiceReport `json:"services"`
	// Skipped lists files no check read: over 1 MiB, links leaving the tree, special files.
	Skipped []repo.Skipped `json:"skipped,omitempty"`
}

// Info names the checklist a report was made from.
type Info struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Source  string `json:"source,omitempty"`
	// Base is the built-in checklist this one extends, if any.
	Base string `json:"base,omitempty"`
	// Disabled lists the inherited items the checklist removed.
	Disabled []Disabled `json:"disabled,omitempty"`
}

// ServiceReport is one service's results.
type ServiceReport struct {
	Name    string   `json:"name"`
	Path    string   `json:"path"`
	Tier    Tier     `json:"tier"`
	Items   []Result `json:"items"`
	Summary Summary  `json:"summary"`
	// Notes are problems with the service's configuration that did not stop the evaluation.
	Notes []string `json:"notes,omitempty"`
	// Duplicates are the other copies of workloads defined in several places, each judged once
	// from its most deployment-like source.
	Duplicates []verdict.Evidence `json:"duplicates,omitempty"`
	// ManifestsRepo is the other repository, "owner/name", the service's Kubernetes manifests
	// were read from (Options.External); evidence paths that start with it name its files.
	ManifestsRepo string `json:"manifestsRepo,omitempty"`
}

// Result is one item's status for one service.
type Result struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Title   string `json:"title"`
	// Description says why the item matters.
	Description string             `json:"description,omitempty"`
	Kind        Kind               `json:"kind"`
	Status      verdict.Status     `json:"status"`
	Required    bool               `json:"required"`
	Evidence    []verdict.Evidence `json:"evidence"`
	Hint        string             `json:"hint,omitempty"`
	Waiver      *repoconfig.Waiver `json:"waiver,omitempty"`
	Note        string             `json:"note,omitempty"`
	// Origin is where the item is defined, set when the checklist extends another.
	Origin string `json:"origin,omitempty"`
	// TiersFrom names the checklist that changed the item's tiers, if one did.
	TiersFrom string `json:"tiersFrom,omitempty"`
	// EvidenceRequired says that a tick of this manual item counts only with a link.
	EvidenceRequired bool `json:"evidenceRequired,omitempty"`
	// Link is the evidence recorded with a done manual item's tick (the App sets it).
	Link string `json:"link,omitempty"`
	// TickedBeforeEvidence says that a done item asking for evidence was ticked, without a link,
	// before it asked; the tick stays accepted.
	TickedBeforeEvidence bool `json:"tickedBeforeEvidence,omitempty"`
}

// Failed reports whether the item fails or errors, whether or not it is required.
func (r Result) Failed() bool { return r.Status == verdict.Fail || r.Status == verdict.Error }

// Blocking reports whether the result keeps a service from launching.
func (r Result) Blocking() bool { return r.Required && !r.Status.Satisfied() }

// Summary counts a service's results.
type Summary struct {
	Total    int `json:"total"`
	Pass     int `json:"pass"`
	Fail     int `json:"fail"`
	NA       int `json:"na"`
	Waived   int `json:"waived"`
	Error    int `json:"error"`
	Todo     int `json:"todo"`
	Done     int `json:"done"`
	Required int `json:"required"`
	// Satisfied counts required items that are pass, na, waived or done.
	Satisfied int `json:"satisfied"`
	// Ready is true when every required item is satisfied, manual ones included.
	Ready bool `json:"ready"`
	// Failing lists required auto items that fail or error: they make `prc check` exit 1.
	Failing []string `json:"failing"`
	// Missing lists every required item that is not satisfied, manual ones included.
	Missing []string `json:"missing"`
}

func summarize(results []Result) Summary {
	s := Summary{Failing: []string{}, Missing: []string{}}
	for _, r := range results {
		s.Total++
		counts := map[verdict.Status]*int{verdict.Pass: &s.Pass, verdict.Fail: &s.Fail, verdict.NA: &s.NA,
			verdict.Waived: &s.Waived, verdict.Error: &s.Error, verdict.Todo: &s.Todo, verdict.Done: &s.Done}
		if c, ok := counts[r.Status]; ok {
			*c++
		}
		if !r.Required {
			continue
		}
		s.Required++
		if r.Status.Satisfied() {
			s.Satisfied++
			continue
		}
		s.Missing = append(s.Missing, r.ID)
		if r.Kind == KindAuto {
			s.Failing = append(s.Failing, r.ID)
		}
	}
	s.Ready = len(s.Missing) == 0
	return s
}

// Failing reports whether any service has a required auto item that fails or errors.
func (r *Report) Failing() bool {
	for _, s := range r.Services {
		if len(s.Summary.Failing) > 0 {
			return true
		}
	}
	return false
}

// ApplyTicks sets every manual item's status from done and recomputes the summary. The App
// uses it to re-render a saved evaluation after people tick items.
func (s *ServiceReport) ApplyTicks(done func(itemID string) bool) {
	for i := range s.Items {
		r := &s.Items[i]
		if r.Kind != KindManual {
			continue
		}
		r.Status = verdict.Todo
		if done(r.ID) {
			r.Status = verdict.Done
		}
	}
	s.Summary = summarize(s.Items)
}

// OnlyFailed returns a copy of the report whose services keep only the items that fail or error.
// Summaries still count every item, so a filtered report tells the same verdict.
func (r *Report) OnlyFailed() *Report {
	out := *r
	out.Services = make([]ServiceReport, len(r.Services))
	for i, s := range r.Services {
		s.Items = slices.DeleteFunc(slices.Clone(s.Items), func(it Result) bool { return !it.Failed() })
		out.Services[i] = s
	}
	return &out
}
