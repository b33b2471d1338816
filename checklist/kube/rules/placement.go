package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/verdict"
)

// disruptionBudget: a PodDisruptionBudget deployed with each serving workload (DaemonSets
// excepted), in its namespace, selects its pods and still allows one of them to be evicted.
func disruptionBudget(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(false) {
		pdbs := m.pdbsOf(w)
		if len(pdbs) == 0 {
			f.fail(w.Evidence("no PodDisruptionBudget selects its pods"))
			continue
		}
		floor, from := m.replicaFloor(w)
		if msg := blocksEviction(pdbs[0], floor, from); msg != "" {
			f.fail(verdict.Evidence{Path: pdbs[0].Path, Line: pdbs[0].Locate("spec"), Message: fmt.Sprintf("%s: PodDisruptionBudget %s %s", w.label(), pdbs[0].Name, msg)})
			continue
		}
		f.pass(w.Evidence("pods are selected by PodDisruptionBudget %s", pdbs[0].Name))
	}
	return f.result()
}

// replicaFloor is the fewest replicas w runs: its autoscalers' highest minimum when it is
// autoscaled, else its replicas field (1 when unset); from says where the number comes from.
func (m *Model) replicaFloor(w *Workload) (int64, string) {
	if a, ok := bestAutoscaler(m.autoscalersOf(w)); ok {
		return a.min, fmt.Sprintf("the minimum of %s/%s", a.obj.Kind, a.obj.Name)
	}
	replicas, ok := intAt(w.Object.Doc, "spec", "replicas")
	if !ok {
		replicas = 1
	}
	return replicas, "the replica count"
}

// blocksEviction explains why the budget lets no pod of a workload running replicas pods be
// evicted, or returns "". Percentages round as the eviction API rounds them: up.
func blocksEviction(pdb *kube.Object, replicas int64, from string) string {
	if replicas <= 0 {
		return ""
	}
	spec := mapAt(pdb.Doc, "spec")
	const fix = "so node drains and upgrades block"
	if v, ok := spec["maxUnavailable"]; ok && v != nil {
		if n, ok := scaled(v, replicas); ok && n <= 0 {
			return fmt.Sprintf("allows no disruption (maxUnavailable: %v), %s; allow at least 1", v, fix)
		}
		return ""
	}
	if v, ok := spec["minAvailable"]; ok && v != nil {
		if n, ok := scaled(v, replicas); ok && n >= replicas {
			return fmt.Sprintf("requires minAvailable: %v while %s is %d, %s; lower minAvailable or run more replicas", v, from, replicas, fix)
		}
	}
	return ""
}

// scaled resolves an int-or-percent value against total, rounding percentages up.
func scaled(v any, total int64) (int64, bool) {
	if s, ok := v.(string); ok && strings.HasSuffix(strings.TrimSpace(s), "%") {
		pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
		if err != nil {
			return 0, false
		}
		return int64(math.Ceil(pct * float64(total) / 100)), true
	}
	return toInt(v)
}

// zoneSpread: serving workloads (DaemonSets excepted) spread their own pods: a topology spread
// constraint or pod anti-affinity term counts only when its label selector selects the
// workload's pods in the workload's namespace.
func zoneSpread(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(false) {
		if msg := spreads(w); msg != "" {
			f.pass(w.Evidence("%s", msg))
			continue
		}
		if len(listAt(w.Pod, "topologySpreadConstraints")) > 0 || mapAt(w.Pod, "affinity", "podAntiAffinity") != nil {
			f.fail(w.Evidence("spread rules do not select its own pods (a labelSelector matching the pod labels is needed), so pods may all land in one zone or node"))
			continue
		}
		f.fail(w.Evidence("pods may all land in one zone or node; set topologySpreadConstraints or podAntiAffinity"))
	}
	return f.result()
}

// spreads names the first rule that spreads w's own pods, or returns "".
func spreads(w *Workload) string {
	for _, c := range listAt(w.Pod, "topologySpreadConstraints") {
		cm, _ := c.(map[string]any)
		if str(cm, "topologyKey") != "" && selects(mapAt(cm, "labelSelector"), w.Labels) {
			return "spreads its pods by " + str(cm, "topologyKey")
		}
	}
	anti := mapAt(w.Pod, "affinity", "podAntiAffinity")
	for _, t := range listAt(anti, "requiredDuringSchedulingIgnoredDuringExecution") {
		tm, _ := t.(map[string]any)
		if w.termSelectsOwnPods(tm) {
			return "pod anti-affinity keeps its pods apart by " + str(tm, "topologyKey")
		}
	}
	for _, t := range listAt(anti, "preferredDuringSchedulingIgnoredDuringExecution") {
		weighted, _ := t.(map[string]any)
		tm := mapAt(weighted, "podAffinityTerm")
		if w.termSelectsOwnPods(tm) {
			return "pod anti-affinity prefers its pods apart by " + str(tm, "topologyKey")
		}
	}
	return ""
}

// termSelectsOwnPods reports whether a pod affinity term selects w's pods in w's namespace: its
// namespaces list names it, or its namespaceSelector selects it, or neither is set.
func (w *Workload) termSelectsOwnPods(term map[string]any) bool {
	if str(term, "topologyKey") == "" || !selects(mapAt(term, "labelSelector"), w.Labels) {
		return false
	}
	namespaces := listAt(term, "namespaces")
	nsSelector, hasSelector := term["namespaceSelector"].(map[string]any)
	if len(namespaces) == 0 && !hasSelector {
		return true
	}
	for _, n := range namespaces {
		if n == w.Namespace() {
			return true
		}
	}
	return hasSelector && selects(nsSelector, map[string]string{"kubernetes.io/metadata.name": w.Namespace()})
}
