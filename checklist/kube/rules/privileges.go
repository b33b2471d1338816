package rules

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// privileges: no workload shares the node's namespaces (hostNetwork, hostPID, hostIPC) or mounts
// a hostPath volume, and no container or init container is privileged or allows privilege
// escalation explicitly. A hostPath of the Docker or containerd socket is named as such.
func privileges(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		before := len(f.failures)
		for _, field := range []string{"hostNetwork", "hostPID", "hostIPC"} {
			if b, _ := w.Pod[field].(bool); b {
				f.fail(w.podEvidence([]any{field}, "sets %s: true, sharing the node's namespace; remove it", field))
			}
		}
		for i, v := range listAt(w.Pod, "volumes") {
			vm, _ := v.(map[string]any)
			if path := str(vm, "hostPath", "path"); mapAt(vm, "hostPath") != nil {
				f.fail(w.podEvidence([]any{"volumes", i}, "%s", hostPathProblem(str(vm, "name"), path)))
			}
		}
		for _, c := range w.Containers(true) {
			sc := mapAt(c.Spec, "securityContext")
			if b, _ := sc["privileged"].(bool); b {
				f.fail(w.ContainerEvidence(c, "is privileged (securityContext.privileged: true); grant only the capabilities it needs"))
			}
			if b, _ := sc["allowPrivilegeEscalation"].(bool); b {
				f.fail(w.ContainerEvidence(c, "allows privilege escalation (securityContext.allowPrivilegeEscalation: true); set it to false"))
			}
		}
		if len(f.failures) == before && len(w.Containers(true)) > 0 {
			f.pass(w.Evidence("runs unprivileged, without host namespaces or hostPath volumes"))
		}
	}
	return f.result()
}

// runtimeSockets are the container runtime sockets whose mount hands over the node.
var runtimeSockets = []string{"docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"}

func hostPathProblem(volume, path string) string {
	for _, s := range runtimeSockets {
		if strings.HasSuffix(strings.TrimRight(path, "/"), "/"+s) {
			return fmt.Sprintf("volume %q mounts the container runtime socket %s from the node, which gives control of the node; remove it", volume, path)
		}
	}
	return fmt.Sprintf("volume %q mounts hostPath %s from the node; use a PersistentVolumeClaim, emptyDir or ConfigMap instead", volume, path)
}

// podEvidence points at a field of the workload's pod spec.
func (w *Workload) podEvidence(keys []any, format string, args ...any) verdict.Evidence {
	path := append(append([]any(nil), w.podPath...), keys...)
	return verdict.Evidence{Path: w.source.Path, Line: w.source.Locate(path...), Message: w.label() + ": " + fmt.Sprintf(format, args...)}
}
