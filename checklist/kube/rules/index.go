package rules

import (
	"strings"

	"github.com/prchq/prc/checklist/kube"
)

// Model is the view of a kube.Set the rules share: its workloads and the objects that refer to
// them (autoscalers, Flagger canaries, disruption budgets). It is read-only once built.
type Model struct {
	Objects     []*kube.Object
	Workloads   []*Workload
	autoscalers []autoscaler
	canaries    []canary
	pdbs        []*kube.Object
	pinned      func(image string) bool // the deploy tool pins image (kube.Set.Pinned)
}

// ref names a workload an object points at.
type ref struct{ ns, kind, name string }

type autoscaler struct {
	obj    *kube.Object
	target ref
	min    int64
}

type canary struct {
	obj        *kube.Object
	target     ref
	autoscaler string // name of the HPA in spec.autoscalerRef
}

// NewModel indexes set for the rules.
func NewModel(set *kube.Set) *Model {
	m := &Model{pinned: set.Pinned}
	for i := range set.Objects {
		m.Objects = append(m.Objects, &set.Objects[i])
	}
	byRef := map[ref]*kube.Object{}
	rolloutRefs := map[ref]bool{}
	for _, o := range m.Objects {
		byRef[ref{namespaceOf(o), o.Kind, o.Name}] = o
		if r, ok := workloadRef(o); ok {
			rolloutRefs[r] = true
		}
	}
	for _, o := range m.Objects {
		m.index(o, byRef, rolloutRefs)
	}
	return m
}

func (m *Model) index(o *kube.Object, byRef map[ref]*kube.Object, rolloutRefs map[ref]bool) {
	ns := namespaceOf(o)
	switch {
	case rolloutRefs[ref{ns, o.Kind, o.Name}]:
		// A Deployment an Argo Rollout takes its template from is run by the Rollout.
	case o.Kind == "HorizontalPodAutoscaler":
		least, ok := intAt(o.Doc, "spec", "minReplicas")
		if !ok {
			least = 1
		}
		m.autoscalers = append(m.autoscalers, autoscaler{o, targetOf(o, "Deployment", ns), least})
	case o.Kind == "ScaledObject" && strings.HasPrefix(o.APIVersion, "keda.sh/"):
		least, _ := intAt(o.Doc, "spec", "minReplicaCount")
		m.autoscalers = append(m.autoscalers, autoscaler{o, targetOf(o, "Deployment", ns), least})
	case o.Kind == "Canary" && strings.HasPrefix(o.APIVersion, "flagger.app/"):
		c := canary{obj: o, target: ref{ns, str(o.Doc, "spec", "targetRef", "kind"), str(o.Doc, "spec", "targetRef", "name")}}
		c.autoscaler = str(o.Doc, "spec", "autoscalerRef", "name")
		m.canaries = append(m.canaries, c)
	case o.Kind == "PodDisruptionBudget":
		m.pdbs = append(m.pdbs, o)
	default:
		source := o
		if r, ok := workloadRef(o); ok {
			if source = byRef[r]; source == nil {
				return
			}
		}
		if w, ok := newWorkload(o, source); ok {
			m.Workloads = append(m.Workloads, w)
		}
	}
}

// workloadRef returns the Deployment an Argo Rollout takes its pod template from.
func workloadRef(o *kube.Object) (ref, bool) {
	if o.Kind != "Rollout" || !strings.HasPrefix(o.APIVersion, "argoproj.io/") || has(o.Doc, "spec", "template") {
		return ref{}, false
	}
	name := str(o.Doc, "spec", "workloadRef", "name")
	kind := str(o.Doc, "spec", "workloadRef", "kind")
	if name == "" {
		return ref{}, false
	}
	if kind == "" {
		kind = "Deployment"
	}
	return ref{namespaceOf(o), kind, name}, true
}

func targetOf(o *kube.Object, defaultKind, ns string) ref {
	kind := str(o.Doc, "spec", "scaleTargetRef", "kind")
	if kind == "" {
		kind = defaultKind
	}
	return ref{ns, kind, str(o.Doc, "spec", "scaleTargetRef", "name")}
}

func (w *Workload) ref() ref { return ref{w.Namespace(), w.Kind, w.Object.Name} }

// ServingWorkloads lists Deployments, StatefulSets, DaemonSets and Argo Rollouts; DaemonSets are
// left out when withDaemonSets is false.
func (m *Model) ServingWorkloads(withDaemonSets bool) []*Workload {
	var out []*Workload
	for _, w := range m.Workloads {
		if w.Serving && (withDaemonSets || w.Kind != "DaemonSet") {
			out = append(out, w)
		}
	}
	return out
}

// autoscalersOf lists what scales w: HPAs and KEDA ScaledObjects targeting it, and the HPA a
// Flagger canary of w names in its autoscalerRef.
func (m *Model) autoscalersOf(w *Workload) []autoscaler {
	var out []autoscaler
	seen := map[*kube.Object]bool{}
	for _, a := range m.autoscalers {
		if a.target == w.ref() {
			out, seen[a.obj] = append(out, a), true
		}
	}
	for _, c := range m.canaries {
		if c.target != w.ref() || c.autoscaler == "" {
			continue
		}
		a := autoscaler{obj: c.obj, target: w.ref(), min: 1}
		for _, h := range m.autoscalers {
			if h.obj.Kind == "HorizontalPodAutoscaler" && h.obj.Name == c.autoscaler && namespaceOf(h.obj) == w.Namespace() {
				a = h
			}
		}
		if !seen[a.obj] {
			out, seen[a.obj] = append(out, a), true
		}
	}
	return out
}

// canaryOf returns the Flagger canary that rolls w out, if any.
func (m *Model) canaryOf(w *Workload) *kube.Object {
	for _, c := range m.canaries {
		if c.target == w.ref() {
			return c.obj
		}
	}
	return nil
}
