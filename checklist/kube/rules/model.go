package rules

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/verdict"
)

// Workload is an object that runs pods, with its pod template.
type Workload struct {
	// Object is the workload itself (for an Argo Rollout with a workloadRef, the Rollout).
	Object *kube.Object
	// Kind is the object's kind.
	Kind string
	// Serving marks Deployments, StatefulSets, DaemonSets and Argo Rollouts that have a container
	// declaring ports or whose pods a Service deployed with them selects.
	Serving bool
	// Batch marks Jobs and CronJobs.
	Batch bool
	// Pod is the pod spec.
	Pod map[string]any
	// Labels are the pod template's labels.
	Labels map[string]string

	source      *kube.Object // object holding the pod template, for evidence
	podPath     []any        // keys from source's root to the pod spec
	longRunning bool         // Deployments, StatefulSets, DaemonSets and Argo Rollouts
	service     *kube.Object // a Service deployed with the workload that selects its pods
	defaultName string       // the kubectl.kubernetes.io/default-container annotation
}

// Container is one container or init container of a workload.
type Container struct {
	// Name is the container's name.
	Name string
	// Spec is the container as written in the pod spec.
	Spec map[string]any
	// Init marks init containers.
	Init bool

	path []any
}

// ID names the workload in evidence, such as "Deployment/api".
func (w *Workload) ID() string { return w.Kind + "/" + w.Object.Name }

// Namespace is the workload's namespace, "default" when unset.
func (w *Workload) Namespace() string { return namespaceOf(w.Object) }

func namespaceOf(o *kube.Object) string {
	if o.Namespace == "" {
		return "default"
	}
	return o.Namespace
}

// Containers lists the workload's containers, and its init containers when withInit is set.
func (w *Workload) Containers(withInit bool) []Container {
	var out []Container
	fields := []string{"containers"}
	if withInit {
		fields = append(fields, "initContainers")
	}
	for _, field := range fields {
		for i, c := range listAt(w.Pod, field) {
			spec, ok := c.(map[string]any)
			if !ok {
				continue
			}
			path := append(append(append([]any(nil), w.podPath...), field), i)
			out = append(out, Container{Name: str(spec, "name"), Spec: spec, Init: field == "initContainers", path: path})
		}
	}
	return out
}

// ServingContainers lists the containers of a serving workload that serve: those that declare
// ports, or, when none does and a Service selects the pods, the main container (the one the
// kubectl.kubernetes.io/default-container annotation names, else the first).
func (w *Workload) ServingContainers() []Container {
	if !w.Serving {
		return nil
	}
	if out := w.portContainers(); len(out) > 0 {
		return out
	}
	all := w.Containers(false)
	for _, c := range all {
		if c.Name == w.defaultName {
			return []Container{c}
		}
	}
	if len(all) == 0 {
		return nil
	}
	return all[:1]
}

func (w *Workload) portContainers() []Container {
	var out []Container
	for _, c := range w.Containers(false) {
		if len(listAt(c.Spec, "ports")) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Evidence points at the workload.
func (w *Workload) Evidence(format string, args ...any) verdict.Evidence {
	return verdict.Evidence{Path: w.source.Path, Line: w.source.Locate(), Message: w.label() + ": " + fmt.Sprintf(format, args...)}
}

// label names the workload in evidence; an object built by kustomize also names the
// kustomization, since its path is the base file the object started from.
func (w *Workload) label() string {
	if dir, ok := strings.CutPrefix(w.source.Origin, "kustomize:"); ok && !strings.HasPrefix(w.source.Path, dir+"/") {
		return fmt.Sprintf("%s (as built by %s)", w.ID(), dir)
	}
	return w.ID()
}

// ContainerEvidence points at one of the workload's containers.
func (w *Workload) ContainerEvidence(c Container, format string, args ...any) verdict.Evidence {
	kind := "container"
	if c.Init {
		kind = "init container"
	}
	msg := fmt.Sprintf("%s: %s %q %s", w.label(), kind, c.Name, fmt.Sprintf(format, args...))
	return verdict.Evidence{Path: w.source.Path, Line: w.source.Locate(c.path...), Message: msg}
}

// podTemplate returns where a kind keeps its pod spec and labels, and whether it runs for long
// (and so may serve) or is batch.
func podTemplate(o *kube.Object) (spec []string, longRunning, batch, ok bool) {
	switch o.Kind {
	case "Deployment", "StatefulSet", "DaemonSet":
		return []string{"spec", "template"}, true, false, true
	case "Rollout":
		return []string{"spec", "template"}, strings.HasPrefix(o.APIVersion, "argoproj.io/"), false, strings.HasPrefix(o.APIVersion, "argoproj.io/")
	case "ReplicaSet", "ReplicationController":
		return []string{"spec", "template"}, false, false, true
	case "Job":
		return []string{"spec", "template"}, false, true, true
	case "CronJob":
		return []string{"spec", "jobTemplate", "spec", "template"}, false, true, true
	case "Pod":
		return nil, false, false, true
	}
	return nil, false, false, false
}

// newWorkload builds the workload of o using the pod template held by source (o itself, or the
// Deployment an Argo Rollout's workloadRef names).
func newWorkload(o, source *kube.Object) (*Workload, bool) {
	tmpl, _, _, ok := podTemplate(source)
	if !ok {
		return nil, false
	}
	_, longRunning, batch, _ := podTemplate(o)
	holder := mapAt(source.Doc, tmpl...)
	podPath := append(toAny(tmpl), "spec")
	if source.Kind == "Pod" {
		holder, podPath = source.Doc, []any{"spec"}
	}
	pod := mapAt(holder, "spec")
	if pod == nil {
		return nil, false
	}
	return &Workload{
		Object: o, Kind: o.Kind, Batch: batch, Pod: pod, longRunning: longRunning,
		Labels: stringMap(mapAt(holder, "metadata", "labels")), source: source, podPath: podPath,
		defaultName: str(holder, "metadata", "annotations", "kubectl.kubernetes.io/default-container"),
	}, true
}

func toAny(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}
