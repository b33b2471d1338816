package rules

import (
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

func TestDisruptionBudgetRule(t *testing.T) {
	t.Parallel()
	pdb := func(extra string) string {
		return "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web" + extra + "\n"
	}
	two := workload{kind: "Deployment", spec: ", replicas: 2"}
	three := workload{kind: "Deployment", spec: ", replicas: 3"}
	hpa := "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 9}\n"
	runRuleCases(t, "disruption-budget", map[string]ruleCase{
		"match labels":      {docs: []any{two, pdb("}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}")}, want: verdict.Pass, message: "PodDisruptionBudget web"},
		"match expressions": {docs: []any{two, pdb("}\nspec: {maxUnavailable: 1, selector: {matchExpressions: [{key: app, operator: In, values: [web, api]}, {key: tier, operator: Exists}, {key: canary, operator: DoesNotExist}]}}")}, want: verdict.Pass},
		"not in":            {docs: []any{two, pdb("}\nspec: {selector: {matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}}")}, want: verdict.Fail, message: "no PodDisruptionBudget selects its pods"},
		"other labels":      {docs: []any{two, pdb("}\nspec: {selector: {matchLabels: {app: api}}}")}, want: verdict.Fail},
		"other namespace":   {docs: []any{two, pdb(", namespace: other}\nspec: {selector: {matchLabels: {app: web}}}")}, want: verdict.Fail},
		"no selector":       {docs: []any{two, pdb("}\nspec: {minAvailable: 1}")}, want: verdict.Fail},
		"empty selector":    {docs: []any{two, pdb("}\nspec: {selector: {}}")}, want: verdict.Pass},
		"max unavailable 0": {docs: []any{three, pdb("}\nspec: {maxUnavailable: 0, selector: {matchLabels: {app: web}}}")},
			want: verdict.Fail, message: "PodDisruptionBudget web allows no disruption (maxUnavailable: 0), so node drains and upgrades block"},
		"max unavailable 0%":   {docs: []any{three, pdb("}\nspec: {maxUnavailable: '0%', selector: {matchLabels: {app: web}}}")}, want: verdict.Fail, message: "allows no disruption"},
		"max unavailable 10%":  {docs: []any{three, pdb("}\nspec: {maxUnavailable: '10%', selector: {matchLabels: {app: web}}}")}, want: verdict.Pass},
		"min available all":    {docs: []any{three, pdb("}\nspec: {minAvailable: 3, selector: {matchLabels: {app: web}}}")}, want: verdict.Fail, message: "requires minAvailable: 3 while the replica count is 3"},
		"min available single": {docs: []any{deployment(""), pdb("}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}")}, want: verdict.Fail, message: "while the replica count is 1"},
		"min available 100%":   {docs: []any{three, pdb("}\nspec: {minAvailable: '100%', selector: {matchLabels: {app: web}}}")}, want: verdict.Fail},
		"min available 50%":    {docs: []any{three, pdb("}\nspec: {minAvailable: '50%', selector: {matchLabels: {app: web}}}")}, want: verdict.Pass},
		"autoscaler minimum":   {docs: []any{deployment(""), hpa, pdb("}\nspec: {minAvailable: 2, selector: {matchLabels: {app: web}}}")}, want: verdict.Fail, message: "while the minimum of HorizontalPodAutoscaler/web is 2"},
		"below autoscaler min": {docs: []any{deployment(""), hpa, pdb("}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}")}, want: verdict.Pass},
		"daemonset only":       {docs: []any{workload{kind: "DaemonSet"}}, want: verdict.NA},
		"worker not serving":   {docs: []any{workload{kind: "Deployment", worker: true}}, want: verdict.NA},
	})
}

func TestZoneSpreadRule(t *testing.T) {
	t.Parallel()
	pod := func(p string) workload { return workload{kind: "Deployment", pod: ", " + p} }
	own := "labelSelector: {matchLabels: {app: web}}"
	runRuleCases(t, "zone-spread", map[string]ruleCase{
		"topology spread": {docs: []any{pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, " + own + "}]")},
			want: verdict.Pass, message: "spreads its pods by topology.kubernetes.io/zone"},
		"spread without selector": {docs: []any{pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}]")},
			want: verdict.Fail, message: "spread rules do not select its own pods"},
		"spread selects others": {docs: []any{pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: db}}}]")}, want: verdict.Fail},
		"required anti-affinity": {docs: []any{pod("affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, " + own + "}]}}")},
			want: verdict.Pass, message: "keeps its pods apart by kubernetes.io/hostname"},
		"preferred anti-affinity": {docs: []any{pod("affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: {topologyKey: topology.kubernetes.io/zone, " + own + "}}]}}")}, want: verdict.Pass},
		"weight only":             {docs: []any{pod("affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100}]}}")}, want: verdict.Fail},
		"anti-affinity to others": {docs: []any{pod("affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: cache}}}]}}")}, want: verdict.Fail},
		"other namespace": {docs: []any{pod("affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, namespaces: [batch], " + own + "}]}}")},
			want: verdict.Fail},
		"own namespace listed": {docs: []any{pod("affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, namespaces: [default], " + own + "}]}}")}, want: verdict.Pass},
		"all namespaces":       {docs: []any{pod("affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, namespaceSelector: {}, " + own + "}]}}")}, want: verdict.Pass},
		"node affinity":        {docs: []any{pod("affinity: {nodeAffinity: {}}")}, want: verdict.Fail, message: "set topologySpreadConstraints or podAntiAffinity"},
		"none":                 {docs: []any{deployment("")}, want: verdict.Fail},
		"daemonset only":       {docs: []any{workload{kind: "DaemonSet"}}, want: verdict.NA},
	})
}
