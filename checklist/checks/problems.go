package checks

import (
	"path"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// Which loading problems count against which check: a manifest that could not be read, rendered
// or built counts against a check only when it might have held an object of a kind the check
// selects. What a broken input might have held is read from its text: the kinds its `kind:` lines
// declare. When that cannot be told (no readable text, a templated kind, a kustomization, which
// pulls in files from elsewhere, or a problem naming no file), the problem counts against every
// check that reads Kubernetes objects, as an unreadable input might have held anything.

// kubeRuleKinds are the kinds the built-in Kubernetes rules read: workloads and the objects that
// act on them (autoscalers, disruption budgets, Services, progressive-delivery routes, config).
var kubeRuleKinds = []string{
	"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob",
	"Rollout", "HorizontalPodAutoscaler", "ScaledObject", "PodDisruptionBudget", "Service",
	"Canary", "VirtualService", "HTTPRoute", "TrafficSplit", "ConfigMap", "Secret",
}

// kindLineRE finds `kind:` lines in YAML and "kind": members in JSON; the value is captured
// whole so that a templated kind is recognised as unknown.
var kindLineRE = regexp.MustCompile(`(?m)(?:^[ \t-]*kind[ \t]*:|"kind"[ \t]*:)[ \t]*([^\n#,}]*)`)

var plainKindRE = regexp.MustCompile(`^["']?([A-Za-z][A-Za-z0-9]*)["']?$`)

// problemKinds is what the input behind a problem declares: known is false when it cannot be told.
type problemKinds struct {
	kinds map[string]bool
	known bool
}

// kubeProblemsFor returns the Kubernetes loading problems that might concern objects of kinds.
func (e *Env) kubeProblemsFor(kinds []string) []verdict.Evidence {
	var out []verdict.Evidence
	for _, p := range e.Kube().Problems {
		pk := e.kindsBehind(p.Path)
		if !pk.known || anyKind(pk.kinds, kinds) {
			out = append(out, p)
		}
	}
	return out
}

func anyKind(have map[string]bool, want []string) bool {
	for _, k := range want {
		if have[k] {
			return true
		}
	}
	return false
}

// kindsBehind reads, once per Env, the kinds the input at p declares: the file itself, or for a
// chart's Chart.yaml every file of the chart.
func (e *Env) kindsBehind(p string) problemKinds {
	return e.Memo("problem-kinds:"+p, func() any {
		base := strings.ToLower(path.Base(p))
		switch {
		case p == "" || strings.HasPrefix(base, "kustomization.") || base == "kustomization":
			return problemKinds{}
		case base == "chart.yaml" || base == "chart.yml":
			var paths []string
			for _, f := range e.Glob(path.Join(path.Dir(p), "**")) {
				paths = append(paths, f.Path)
			}
			return e.kindsInFiles(paths)
		default:
			return e.kindsInFiles([]string{p})
		}
	}).(problemKinds)
}

func (e *Env) kindsInFiles(paths []string) problemKinds {
	pk := problemKinds{kinds: map[string]bool{}}
	for _, p := range paths {
		data, err := e.ReadFile(p)
		if err != nil {
			return problemKinds{}
		}
		for _, m := range kindLineRE.FindAllSubmatch(data, -1) {
			v := plainKindRE.FindStringSubmatch(strings.TrimSpace(string(m[1])))
			if v == nil {
				return problemKinds{}
			}
			pk.kinds[v[1]] = true
		}
	}
	pk.known = len(pk.kinds) > 0
	return pk
}
