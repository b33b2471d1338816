package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// probe: every serving container of a serving workload has the probe, aimed at a port the
// container exposes. A liveness probe must also differ from the readiness probe.
func probe(field string) Rule {
	return func(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
		var f findings
		for _, w := range m.ServingWorkloads(true) {
			podPorts := w.declaredPorts()
			for _, c := range w.ServingContainers() {
				if msg := probeProblem(c, field, podPorts); msg != "" {
					f.fail(w.ContainerEvidence(c, "%s", msg))
				} else {
					f.pass(w.ContainerEvidence(c, "has a %s", field))
				}
			}
		}
		return f.result()
	}
}

func probeProblem(c Container, field string, podPorts []int64) string {
	p := mapAt(c.Spec, field)
	if p == nil {
		return "has no " + field
	}
	if msg := unexposedPort(c, p, podPorts); msg != "" {
		return field + " " + msg
	}
	if field == "livenessProbe" && sameProbe(c, p, mapAt(c.Spec, "readinessProbe")) {
		return "has a livenessProbe identical to its readinessProbe, so an overload that takes pods out of service also restarts them; keep the endpoint but give the livenessProbe a higher failureThreshold"
	}
	return ""
}

// handlers are the probe handlers that aim at a port.
var handlers = []string{"httpGet", "tcpSocket", "grpc"}

// unexposedPort explains why a probe aims at a port the container does not expose: a named port
// it does not declare (the kubelet looks names up in the probed container only), or a number that
// no container of the pod declares (containers share the pod's network). A container that
// declares no ports is not judged by number, since containerPort is informational.
func unexposedPort(c Container, p map[string]any, podPorts []int64) string {
	for _, h := range handlers {
		hm := mapAt(p, h)
		if hm == nil {
			continue
		}
		port, set := hm["port"]
		if !set || port == nil {
			continue
		}
		if s, ok := port.(string); ok {
			if _, err := strconv.Atoi(s); err != nil {
				if _, ok := namedPort(c, s); !ok {
					return fmt.Sprintf("aims at port %q, which the container does not declare", s)
				}
				continue
			}
		}
		n, ok := toInt(port)
		declared := declaredPorts(c.Spec)
		if ok && len(declared) > 0 && !slices.Contains(podPorts, n) {
			return fmt.Sprintf("aims at port %d, which the container does not expose (it declares %s)", n, joinInts(declared))
		}
	}
	return ""
}

func namedPort(c Container, name string) (int64, bool) {
	for _, p := range listAt(c.Spec, "ports") {
		pm, _ := p.(map[string]any)
		if str(pm, "name") == name {
			n, _ := intAt(pm, "containerPort")
			return n, true
		}
	}
	return 0, false
}

// declaredPorts lists the port numbers of every container of the pod.
func (w *Workload) declaredPorts() []int64 {
	var out []int64
	for _, c := range w.Containers(false) {
		out = append(out, declaredPorts(c.Spec)...)
	}
	return out
}

func declaredPorts(container map[string]any) []int64 {
	var out []int64
	for _, p := range listAt(container, "ports") {
		pm, _ := p.(map[string]any)
		if n, ok := intAt(pm, "containerPort"); ok {
			out = append(out, n)
		}
	}
	return out
}

func joinInts(ns []int64) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}

// probeDefaults are Kubernetes' defaults for a probe's timing and thresholds.
var probeDefaults = []struct {
	field string
	value int64
}{
	{"initialDelaySeconds", 0}, {"periodSeconds", 10}, {"timeoutSeconds", 1},
	{"successThreshold", 1}, {"failureThreshold", 3},
}

// sameProbe reports whether two probes of c run the same handler with the same timing and
// thresholds once defaults are applied; named ports are compared by the number they name.
func sameProbe(c Container, a, b map[string]any) bool {
	if a == nil || b == nil {
		return false
	}
	ha, hb := probeHandler(c, a), probeHandler(c, b)
	if ha == "" || ha != hb {
		return false
	}
	for _, d := range probeDefaults {
		va, ok := intAt(a, d.field)
		if !ok {
			va = d.value
		}
		vb, ok := intAt(b, d.field)
		if !ok {
			vb = d.value
		}
		if va != vb {
			return false
		}
	}
	return true
}

// probeHandler describes a probe's handler canonically, or "" when it has none.
func probeHandler(c Container, p map[string]any) string {
	if h := mapAt(p, "httpGet"); h != nil {
		path := str(h, "path")
		if path == "" {
			path = "/"
		}
		scheme := strings.ToUpper(str(h, "scheme"))
		if scheme == "" {
			scheme = "HTTP"
		}
		return fmt.Sprintf("http %s %s %s %s", scheme, str(h, "host"), portKey(c, h["port"]), path)
	}
	if h := mapAt(p, "tcpSocket"); h != nil {
		return "tcp " + str(h, "host") + " " + portKey(c, h["port"])
	}
	if h := mapAt(p, "grpc"); h != nil {
		return "grpc " + portKey(c, h["port"]) + " " + str(h, "service")
	}
	if h := mapAt(p, "exec"); h != nil {
		return fmt.Sprintf("exec %q", listAt(h, "command"))
	}
	return ""
}

func portKey(c Container, port any) string {
	if s, ok := port.(string); ok {
		if n, ok := namedPort(c, s); ok && n > 0 {
			return strconv.FormatInt(n, 10)
		}
		return s
	}
	if n, ok := toInt(port); ok {
		return strconv.FormatInt(n, 10)
	}
	return fmt.Sprint(port)
}
