package rules

import (
	"sort"

	"github.com/prchq/prc/checklist/verdict"
)

// Rule judges a model: passes and failures as evidence. A rule that finds nothing to judge
// returns neither, which the caller reports as na.
type Rule func(m *Model) (passes, failures []verdict.Evidence)

var registry = map[string]Rule{
	"requests":             requests,
	"memory-limits":        memoryLimits,
	"autoscaling":          autoscaling,
	"redundancy":           redundancy,
	"readiness":            probe("readinessProbe"),
	"liveness":             probe("livenessProbe"),
	"graceful-shutdown":    gracefulShutdown,
	"rollout-safety":       rolloutSafety,
	"disruption-budget":    disruptionBudget,
	"zone-spread":          zoneSpread,
	"non-root":             nonRoot,
	"image-pinning":        imagePinning,
	"secrets":              secrets,
	"progressive-delivery": progressiveDelivery,
	"privileges":           privileges,
}

// Lookup returns the rule of that name.
func Lookup(name string) (Rule, bool) {
	r, ok := registry[name]
	return r, ok
}

// Names lists the rules, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// findings collects a rule's evidence.
type findings struct{ passes, failures []verdict.Evidence }

func (f *findings) pass(e verdict.Evidence) { f.passes = append(f.passes, e) }
func (f *findings) fail(e verdict.Evidence) { f.failures = append(f.failures, e) }
func (f *findings) result() ([]verdict.Evidence, []verdict.Evidence) {
	return f.passes, f.failures
}
