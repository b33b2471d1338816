package rules

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// requests: every container of every workload requests cpu and memory.
func requests(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	return eachContainer(m, func(w *Workload, c Container) (string, bool) {
		var missing []string
		for _, r := range []string{"cpu", "memory"} {
			if !quantitySet(c.Spec, "requests", r) {
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			return "requests no " + strings.Join(missing, " or ") + " (set resources.requests)", false
		}
		return "", true
	}, "every container requests cpu and memory")
}

// memoryLimits: every container of every workload has a memory limit.
func memoryLimits(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	return eachContainer(m, func(w *Workload, c Container) (string, bool) {
		if !quantitySet(c.Spec, "limits", "memory") {
			return "has no memory limit (set resources.limits.memory)", false
		}
		return "", true
	}, "every container has a memory limit")
}

func quantitySet(container map[string]any, kind, resource string) bool {
	v := mapAt(container, "resources", kind)[resource]
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(t) != ""
	}
	return true
}

// eachContainer applies judge to the containers (not init containers) of every workload: one
// failure per failing container, one pass per workload whose containers all pass.
func eachContainer(m *Model, judge func(*Workload, Container) (string, bool), passMsg string) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		ok := true
		for _, c := range w.Containers(false) {
			if msg, good := judge(w, c); !good {
				f.fail(w.ContainerEvidence(c, "%s", msg))
				ok = false
			}
		}
		if ok && len(w.Containers(false)) > 0 {
			f.pass(w.Evidence("%s", passMsg))
		}
	}
	return f.result()
}

// autoscaling: each serving workload but DaemonSets is targeted by an HPA or a KEDA ScaledObject
// (or a Flagger canary's autoscalerRef).
func autoscaling(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(false) {
		if as := m.autoscalersOf(w); len(as) > 0 {
			f.pass(w.Evidence("scaled by %s/%s", as[0].obj.Kind, as[0].obj.Name))
			continue
		}
		f.fail(w.Evidence("is not targeted by a HorizontalPodAutoscaler or KEDA ScaledObject"))
	}
	return f.result()
}

// redundancy: each serving workload but DaemonSets runs at least two replicas, by its replicas
// field or by the minimum of an autoscaler targeting it.
func redundancy(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(false) {
		replicas, ok := intAt(w.Object.Doc, "spec", "replicas")
		if !ok {
			replicas = 1
		}
		if replicas >= 2 {
			f.pass(w.Evidence("runs %d replicas", replicas))
			continue
		}
		if a, ok := bestAutoscaler(m.autoscalersOf(w)); ok && a.min >= 2 {
			f.pass(w.Evidence("%s/%s keeps at least %d replicas", a.obj.Kind, a.obj.Name, a.min))
			continue
		}
		f.fail(w.Evidence("%s", singleReplica(replicas, m.autoscalersOf(w))))
	}
	return f.result()
}

func bestAutoscaler(as []autoscaler) (autoscaler, bool) {
	if len(as) == 0 {
		return autoscaler{}, false
	}
	best := as[0]
	for _, a := range as[1:] {
		if a.min > best.min {
			best = a
		}
	}
	return best, true
}

func singleReplica(replicas int64, as []autoscaler) string {
	msg := fmt.Sprintf("runs %d replica", replicas)
	if replicas != 1 {
		msg += "s"
	}
	if a, ok := bestAutoscaler(as); ok {
		return fmt.Sprintf("%s and %s/%s allows scaling down to %d; keep at least 2", msg, a.obj.Kind, a.obj.Name, a.min)
	}
	return msg + " and no autoscaler keeps 2 or more; set replicas: 2 or an HPA minReplicas: 2"
}
