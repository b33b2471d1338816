package rules

import (
	"strings"

	"github.com/prchq/prc/checklist/kube"
)

// Model is the view of a kube.Set the rules share: its workloads and the objects that refer to
// them (autoscalers, Flagger canaries, disruption budgets, Services). It is read-only once built.
type Model struct {
	Objects     []*kube.Object
	Workloads   []*Workload
	autoscalers []autoscaler
	canaries    []canary
	pdbs        []*kube.Object
	pinned      func(image string) bool // the deploy tool pins image (kube.Set.Pinned)
	services    []*kube.Object
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
	for _, w := range m.Workloads {
		w.service = m.serviceOf(w)
		w.Serving = w.longRunning && (len(w.portContainers()) > 0 || w.service != nil)
	}
	return m
}

// sameUnit reports whether two objects are deployed together. An object whose unit is not known
// is taken to be deployed with anything.
func sameUnit(a, b *kube.Object) bool {
	return a.Unit == "" || b.Unit == "" || a.Unit == b.Unit
}

// serviceOf returns a Service deployed with w, in its namespace, whose selector selects w's pods.
// A Service without a selector selects nothing.
func (m *Model) serviceOf(w *Workload) *kube.Object {
	for _, s := range m.services {
		selector := stringMap(mapAt(s.Doc, "spec", "selector"))
		if len(selector) == 0 || namespaceOf(s) != w.Namespace() || !sameUnit(s, w.Object) {
			continue
		}
		if selectsAll(selector, w.Labels) {
			return s
		}
	}
	return nil
}

func selectsAll(selector, labels map[string]string) bool {
	for k, v := range selector {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// pdbsOf lists the PodDisruptionBudgets deployed with w, in its namespace, that select its pods.
func (m *Model) pdbsOf(w *Workload) []*kube.Object {
	var out []*kube.Object
	for _, p := range m.pdbs {
		if namespaceOf(p) == w.Namespace() && sameUnit(p, w.Object) && selects(mapAt(p.Doc, "spec", "selector"), w.Labels) {
			out = append(out, p)
		}
	}
	return out
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
	case o.Kind == "Service" && o.APIVersion == "v1":
		m.services = append(m.services, o)
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

// ServingWorkloads lists the serving workloads: Deployments, StatefulSets, DaemonSets and Argo
// Rollouts that have a container declaring ports or whose pods a Service deployed with them
// selects. DaemonSets are left out when withDaemonSets is false.
func (m *Model) ServingWorkloads(withDaemonSets bool) []*Workload {
	var out []*Workload
	for _, w := range m.Workloads {
		if w.Serving && (withDaemonSets || w.Kind != "DaemonSet") {
			out = append(out, w)
		}
	}
	return out
}

// autoscalersOf lists what scales w: HPAs and KEDA ScaledObjects deployed with it that target it,
// and the HPA a Flagger canary of w names in its autoscalerRef, when that HPA exists.
func (m *Model) autoscalersOf(w *Workload) []autoscaler {
	var out []autoscaler
	seen := map[*kube.Object]bool{}
	for _, a := range m.autoscalers {
		if a.target == w.ref() && sameUnit(a.obj, w.Object) {
			out, seen[a.obj] = append(out, a), true
		}
	}
	for _, c := range m.canaries {
		if c.target != w.ref() || c.autoscaler == "" || !sameUnit(c.obj, w.Object) {
			continue
		}
		for _, h := range m.autoscalers {
			named := h.obj.Kind == "HorizontalPodAutoscaler" && h.obj.Name == c.autoscaler
			if named && namespaceOf(h.obj) == w.Namespace() && sameUnit(h.obj, w.Object) && !seen[h.obj] {
				out, seen[h.obj] = append(out, h), true
			}
		}
	}
	return out
}

// canaryOf returns the Flagger canary deployed with w that rolls it out, if any.
func (m *Model) canaryOf(w *Workload) *kube.Object {
	for _, c := range m.canaries {
		if c.target == w.ref() && sameUnit(c.obj, w.Object) {
			return c.obj
		}
	}
	return nil
}
