package rules

import (
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// gracefulShutdown: serving workloads set terminationGracePeriodSeconds, or give their serving
// containers (every container when none declares ports) a preStop hook.
func gracefulShutdown(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(true) {
		if grace, ok := intAt(w.Pod, "terminationGracePeriodSeconds"); ok && grace > 0 {
			f.pass(w.Evidence("sets terminationGracePeriodSeconds: %d", grace))
			continue
		}
		containers := w.ServingContainers()
		if len(containers) == 0 {
			containers = w.Containers(false)
		}
		var without []Container
		for _, c := range containers {
			if mapAt(c.Spec, "lifecycle", "preStop") == nil {
				without = append(without, c)
			}
		}
		switch {
		case len(containers) == 0:
		case len(without) == 0:
			f.pass(w.Evidence("has preStop hooks"))
		default:
			f.fail(w.ContainerEvidence(without[0], "has no preStop hook and the pod does not set terminationGracePeriodSeconds"))
		}
	}
	return f.result()
}

// rolloutSafety: updates keep capacity. Deployments need maxUnavailable 0 or minReadySeconds > 0
// (Recreate never passes); Argo Rollouts need a canary or blue-green strategy; StatefulSets and
// DaemonSets need minReadySeconds > 0 or rollingUpdate.maxUnavailable 0. A workload a Flagger
// canary rolls out passes.
func rolloutSafety(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.ServingWorkloads(true) {
		if c := m.canaryOf(w); c != nil {
			f.pass(w.Evidence("is rolled out by Flagger canary %s", c.Name))
			continue
		}
		if msg, ok := rolloutVerdict(w); ok {
			f.pass(w.Evidence("%s", msg))
		} else {
			f.fail(w.Evidence("%s", msg))
		}
	}
	return f.result()
}

func rolloutVerdict(w *Workload) (string, bool) {
	spec := mapAt(w.Object.Doc, "spec")
	minReady, _ := intAt(spec, "minReadySeconds")
	switch w.Kind {
	case "Rollout":
		for _, s := range []string{"canary", "blueGreen"} {
			if has(spec, "strategy", s) {
				return "uses a " + s + " strategy", true
			}
		}
		return "has neither a canary nor a blueGreen strategy", false
	case "Deployment":
		if strings.EqualFold(str(spec, "strategy", "type"), "Recreate") {
			return "uses the Recreate strategy, which stops every pod before starting new ones", false
		}
		return rollingVerdict(mapAt(spec, "strategy", "rollingUpdate"), minReady)
	default:
		return rollingVerdict(mapAt(spec, "updateStrategy", "rollingUpdate"), minReady)
	}
}

func rollingVerdict(rolling map[string]any, minReady int64) (string, bool) {
	if v, ok := rolling["maxUnavailable"]; ok && isZeroIntOrPercent(v) {
		return "keeps every pod until its replacement is ready (maxUnavailable: 0)", true
	}
	if minReady > 0 {
		return "waits for new pods to stay ready (minReadySeconds > 0)", true
	}
	return "may take pods down faster than new ones become ready; set maxUnavailable: 0 or minReadySeconds", false
}
