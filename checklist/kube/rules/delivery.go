package rules

import (
	"strings"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/verdict"
)

// progressiveDelivery: releases roll out progressively somewhere in the service: an Argo Rollout
// with a canary or blue-green strategy, a Flagger Canary, or traffic weighted between versions
// (an Istio VirtualService or Gateway API HTTPRoute splitting between at least two weighted
// destinations, or an SMI TrafficSplit). Otherwise each serving workload fails.
func progressiveDelivery(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, o := range m.Objects {
		if msg := progressive(o); msg != "" {
			f.pass(verdict.Evidence{Path: o.Path, Line: o.Line, Message: o.Kind + "/" + o.Name + ": " + msg})
		}
	}
	if len(f.passes) > 0 {
		return f.result()
	}
	for _, w := range m.ServingWorkloads(true) {
		f.fail(w.Evidence("is released all at once: no Argo Rollouts canary or blue-green, Flagger Canary or weighted route"))
	}
	return f.result()
}

func progressive(o *kube.Object) string {
	group := o.APIVersion
	if i := strings.IndexByte(group, '/'); i >= 0 {
		group = group[:i]
	}
	switch {
	case o.Kind == "Rollout" && group == "argoproj.io":
		for _, s := range []string{"canary", "blueGreen"} {
			if has(o.Doc, "spec", "strategy", s) {
				return "Argo Rollouts " + s + " strategy"
			}
		}
	case o.Kind == "Canary" && group == "flagger.app":
		return "Flagger canary"
	case o.Kind == "TrafficSplit" && group == "split.smi-spec.io":
		return "SMI traffic split"
	case o.Kind == "VirtualService" && group == "networking.istio.io":
		if weighted(listAt(o.Doc, "spec", "http"), "route") {
			return "weighted Istio routes"
		}
	case o.Kind == "HTTPRoute" && group == "gateway.networking.k8s.io":
		if weighted(listAt(o.Doc, "spec", "rules"), "backendRefs") {
			return "weighted Gateway API backends"
		}
	}
	return ""
}

// weighted reports whether one of the routes sends traffic to two or more weighted destinations.
func weighted(routes []any, field string) bool {
	for _, r := range routes {
		rm, _ := r.(map[string]any)
		n := 0
		for _, d := range listAt(rm, field) {
			if dm, _ := d.(map[string]any); has(dm, "weight") {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}
