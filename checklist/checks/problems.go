package checks

import (
	"path"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/repo"
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

// kindsBehind reads, once per Env, the kinds the input at p declares: every file of the chart
// when p belongs to a Helm chart (a chart that fails to render loses all its objects), else the
// file itself.
func (e *Env) kindsBehind(p string) problemKinds {
	return e.Memo("problem-kinds:"+p, func() any {
		base := strings.ToLower(path.Base(p))
		if p == "" || strings.HasPrefix(base, "kustomization.") || base == "kustomization" {
			return problemKinds{}
		}
		if chart, ok := e.chartOf(p); ok {
			var paths []string
			for _, f := range e.Glob(path.Join(chart, "**")) {
				paths = append(paths, f.Path)
			}
			return e.kindsInFiles(paths)
		}
		return e.kindsInFiles([]string{p})
	}).(problemKinds)
}

// chartOf finds the folder of the Helm chart that p belongs to: the nearest one above it that
// holds a Chart.yaml.
func (e *Env) chartOf(p string) (string, bool) {
	files := e.Repo().Files()
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if _, ok := repo.Lookup(files, path.Join(dir, "Chart.yaml")); ok {
			return dir, true
		}
		if dir == "." || dir == "/" {
			return "", false
		}
	}
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
