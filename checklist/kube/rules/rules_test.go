package rules

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// workload renders a workload manifest. spec, pod and container are extra YAML lines (flow style)
// for the workload spec, the pod spec and its single container "app". The container declares
// port 8080 (named http), which makes the workload serving, unless worker is set or container
// declares its own ports.
type workload struct {
	kind, name, api, image    string
	spec, pod, container, ann string
	worker                    bool
}

func (w workload) String() string {
	api, name := w.api, w.name
	if api == "" {
		api = "apps/v1"
	}
	if name == "" {
		name = "web"
	}
	image := w.image
	if image == "" {
		image = "acme/app:1.0"
	}
	container := w.container
	if !w.worker && !strings.Contains(container, "ports:") {
		container = ", ports: [{name: http, containerPort: 8080}]" + container
	}
	podSpec := fmt.Sprintf("{containers: [{name: app, image: %q%s}]%s}", image, container, w.pod)
	tmpl := fmt.Sprintf("template: {metadata: {labels: {app: %s, tier: front}}, spec: %s}", name, podSpec)
	if w.kind == "CronJob" {
		tmpl = "jobTemplate: {spec: {" + tmpl + "}}"
	}
	return fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata: {name: %s%s}\nspec: {%s%s}\n", api, w.kind, name, w.ann, tmpl, w.spec)
}

func deployment(container string) workload {
	return workload{kind: "Deployment", container: container}
}

const (
	ports      = ", ports: [{containerPort: 8080}]"
	serviceDoc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
)

func judge(t *testing.T, rule string, docs ...any) (verdict.Status, []verdict.Evidence) {
	t.Helper()
	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "---\n%s", d)
	}
	set := kube.Load(context.Background(), repo.NewMemory(map[string]string{"k8s/all.yaml": b.String()}), nil)
	if len(set.Problems) > 0 {
		t.Fatalf("fixture problems: %v", set.Problems)
	}
	r, ok := Lookup(rule)
	if !ok {
		t.Fatalf("no rule %q", rule)
	}
	passes, failures := r(NewModel(set))
	out := verdict.Resolve(passes, failures, nil)
	return out.Status, out.Evidence
}

type ruleCase struct {
	docs    []any
	want    verdict.Status
	message string // a substring of the first evidence
}

func runRuleCases(t *testing.T, rule string, cases map[string]ruleCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(rule+"/"+name, func(t *testing.T) {
			t.Parallel()
			status, ev := judge(t, rule, tc.docs...)
			if status != tc.want {
				t.Fatalf("status %s, want %s; evidence %v", status, tc.want, ev)
			}
			if tc.message != "" && (len(ev) == 0 || !strings.Contains(ev[0].String(), tc.message)) {
				t.Errorf("evidence %v, want the first to contain %q", ev, tc.message)
			}
		})
	}
}

func TestCapacityRules(t *testing.T) {
	t.Parallel()
	requested := ", resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}"
	runRuleCases(t, "requests", map[string]ruleCase{
		"requests set":            {docs: []any{deployment(requested)}, want: verdict.Pass, message: "Deployment/web: every container requests cpu and memory"},
		"memory missing":          {docs: []any{deployment(", resources: {requests: {cpu: 1}}")}, want: verdict.Fail, message: `k8s/all.yaml:5 Deployment/web: container "app" requests no memory`},
		"nothing requested":       {docs: []any{deployment("")}, want: verdict.Fail, message: "requests no cpu or memory"},
		"batch counts":            {docs: []any{deployment(requested), workload{kind: "CronJob", api: "batch/v1"}}, want: verdict.Fail, message: "CronJob/web"},
		"init containers ignored": {docs: []any{deployment(requested + "}], initContainers: [{name: init, image: x:1")}, want: verdict.Pass},
		"no workloads":            {docs: []any{serviceDoc}, want: verdict.NA},
	})
	runRuleCases(t, "memory-limits", map[string]ruleCase{
		"limit set":   {docs: []any{deployment(requested)}, want: verdict.Pass},
		"cpu only":    {docs: []any{deployment(", resources: {limits: {cpu: 1}}")}, want: verdict.Fail, message: "has no memory limit"},
		"no workload": {docs: []any{serviceDoc}, want: verdict.NA},
	})
	hpa := func(name string, minReplicas string) string {
		return fmt.Sprintf("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: %s}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}, maxReplicas: 5%s}\n", name, name, minReplicas)
	}
	keda := func(minCount string) string {
		return "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec: {scaleTargetRef: {name: web}" + minCount + "}\n"
	}
	canary := "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: web}\nspec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web-hpa}}\n"
	daemonSet := workload{kind: "DaemonSet"}
	runRuleCases(t, "autoscaling", map[string]ruleCase{
		"hpa":                  {docs: []any{deployment(""), hpa("web", "")}, want: verdict.Pass, message: "scaled by HorizontalPodAutoscaler/web"},
		"keda default kind":    {docs: []any{deployment(""), keda("")}, want: verdict.Pass, message: "ScaledObject/so"},
		"flagger autoscaler":   {docs: []any{deployment(""), canary, hpa("web-hpa", "")}, want: verdict.Pass, message: "HorizontalPodAutoscaler/web-hpa"},
		"flagger hpa absent":   {docs: []any{deployment(""), canary}, want: verdict.Fail, message: "is not targeted"},
		"hpa target absent":    {docs: []any{deployment(""), strings.Replace(hpa("web", ""), "kind: Deployment, name: web", "kind: Deployment, name: gone", 1)}, want: verdict.Fail},
		"hpa of a statefulset": {docs: []any{deployment(""), strings.Replace(hpa("web", ""), "kind: Deployment", "kind: StatefulSet", 1)}, want: verdict.Fail},
		"worker not serving":   {docs: []any{workload{kind: "Deployment", worker: true}}, want: verdict.NA},
		"hpa for another":      {docs: []any{deployment(""), hpa("other", "")}, want: verdict.Fail, message: "is not targeted by a HorizontalPodAutoscaler"},
		"hpa elsewhere":        {docs: []any{deployment(""), strings.Replace(hpa("web", ""), "name: web}", "name: web, namespace: other}", 1)}, want: verdict.Fail},
		"daemonset only":       {docs: []any{daemonSet}, want: verdict.NA},
		"batch only":           {docs: []any{workload{kind: "Job", api: "batch/v1"}}, want: verdict.NA},
	})
	runRuleCases(t, "redundancy", map[string]ruleCase{
		"replicas 3":         {docs: []any{workload{kind: "Deployment", spec: ", replicas: 3"}}, want: verdict.Pass, message: "runs 3 replicas"},
		"unset replicas":     {docs: []any{deployment("")}, want: verdict.Fail, message: "runs 1 replica and no autoscaler"},
		"hpa min 2":          {docs: []any{deployment(""), hpa("web", ", minReplicas: 2")}, want: verdict.Pass, message: "keeps at least 2"},
		"hpa default min":    {docs: []any{deployment(""), hpa("web", "")}, want: verdict.Fail, message: "allows scaling down to 1"},
		"keda min 3":         {docs: []any{deployment(""), keda(", minReplicaCount: 3")}, want: verdict.Pass},
		"keda default min":   {docs: []any{deployment(""), keda("")}, want: verdict.Fail, message: "down to 0"},
		"statefulset of 1":   {docs: []any{workload{kind: "StatefulSet", spec: ", replicas: 1"}}, want: verdict.Fail, message: "StatefulSet/web"},
		"daemonsets skipped": {docs: []any{daemonSet}, want: verdict.NA},
	})
}

func TestShutdownRule(t *testing.T) {
	t.Parallel()
	runRuleCases(t, "graceful-shutdown", map[string]ruleCase{
		"grace period":  {docs: []any{workload{kind: "Deployment", container: ports, pod: ", terminationGracePeriodSeconds: 45"}}, want: verdict.Pass, message: "terminationGracePeriodSeconds: 45"},
		"prestop":       {docs: []any{deployment(ports + ", lifecycle: {preStop: {exec: {command: [sleep, '5']}}}")}, want: verdict.Pass, message: "preStop"},
		"neither":       {docs: []any{deployment(ports)}, want: verdict.Fail, message: `container "app" has no preStop hook`},
		"zero grace":    {docs: []any{workload{kind: "Deployment", container: ports, pod: ", terminationGracePeriodSeconds: 0"}}, want: verdict.Fail},
		"batch ignored": {docs: []any{workload{kind: "Job", api: "batch/v1"}}, want: verdict.NA},
	})
}

func TestRolloutRules(t *testing.T) {
	t.Parallel()
	rollout := func(strategy string) string {
		return "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: app, image: a:1, ports: [{containerPort: 80}]}]}}" + strategy + "}\n"
	}
	canary := "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: web}\nspec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}\n"
	runRuleCases(t, "rollout-safety", map[string]ruleCase{
		"max unavailable 0":  {docs: []any{workload{kind: "Deployment", spec: ", strategy: {rollingUpdate: {maxUnavailable: 0}}"}}, want: verdict.Pass},
		"max unavailable 0%": {docs: []any{workload{kind: "Deployment", spec: ", strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: '0%'}}"}}, want: verdict.Pass},
		"min ready seconds":  {docs: []any{workload{kind: "Deployment", spec: ", minReadySeconds: 10"}}, want: verdict.Pass},
		"defaults":           {docs: []any{deployment("")}, want: verdict.Fail, message: "set maxUnavailable: 0 or minReadySeconds"},
		"max unavailable 1":  {docs: []any{workload{kind: "Deployment", spec: ", strategy: {rollingUpdate: {maxUnavailable: 1}}"}}, want: verdict.Fail},
		"recreate":           {docs: []any{workload{kind: "Deployment", spec: ", minReadySeconds: 10, strategy: {type: Recreate}"}}, want: verdict.Fail, message: "Recreate"},
		"argo canary":        {docs: []any{rollout(", strategy: {canary: {steps: [{setWeight: 20}]}}")}, want: verdict.Pass},
		"argo blue-green":    {docs: []any{rollout(", strategy: {blueGreen: {activeService: web}}")}, want: verdict.Pass},
		"argo no strategy":   {docs: []any{rollout("")}, want: verdict.Fail},
		"flagger canary":     {docs: []any{deployment(""), canary}, want: verdict.Pass, message: "Flagger canary web"},
		"statefulset":        {docs: []any{workload{kind: "StatefulSet"}}, want: verdict.Fail},
		"statefulset ready":  {docs: []any{workload{kind: "StatefulSet", spec: ", minReadySeconds: 5"}}, want: verdict.Pass},
		"daemonset rolling":  {docs: []any{workload{kind: "DaemonSet", spec: ", updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}"}}, want: verdict.Pass},
		"batch only":         {docs: []any{workload{kind: "CronJob", api: "batch/v1"}}, want: verdict.NA},
	})
}

func TestProgressiveDeliveryRule(t *testing.T) {
	t.Parallel()
	obj := func(api, kind, spec string) string {
		return fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata: {name: web}\nspec: %s\n", api, kind, spec)
	}
	runRuleCases(t, "progressive-delivery", map[string]ruleCase{
		"argo canary":       {docs: []any{obj("argoproj.io/v1alpha1", "Rollout", "{strategy: {canary: {}}, template: {spec: {containers: [{name: a, image: a:1}]}}}")}, want: verdict.Pass, message: "Rollout/web: Argo Rollouts canary strategy"},
		"flagger":           {docs: []any{deployment(""), obj("flagger.app/v1beta1", "Canary", "{targetRef: {kind: Deployment, name: web}}")}, want: verdict.Pass},
		"istio weights":     {docs: []any{deployment(""), obj("networking.istio.io/v1beta1", "VirtualService", "{http: [{route: [{destination: {host: web, subset: v1}, weight: 90}, {destination: {host: web, subset: v2}, weight: 10}]}]}")}, want: verdict.Pass},
		"istio one route":   {docs: []any{deployment(""), obj("networking.istio.io/v1beta1", "VirtualService", "{http: [{route: [{destination: {host: web}, weight: 100}]}]}")}, want: verdict.Fail},
		"gateway weights":   {docs: []any{deployment(""), obj("gateway.networking.k8s.io/v1", "HTTPRoute", "{rules: [{backendRefs: [{name: web-v1, weight: 90}, {name: web-v2, weight: 10}]}]}")}, want: verdict.Pass},
		"smi traffic split": {docs: []any{deployment(""), obj("split.smi-spec.io/v1alpha2", "TrafficSplit", "{service: web, backends: []}")}, want: verdict.Pass},
		"argo no strategy":  {docs: []any{obj("argoproj.io/v1alpha1", "Rollout", "{template: {spec: {containers: [{name: a, image: a:1, ports: [{containerPort: 80}]}]}}}")}, want: verdict.Fail, message: "is released all at once"},
		"plain deployment":  {docs: []any{deployment("")}, want: verdict.Fail},
		"no serving":        {docs: []any{workload{kind: "CronJob", api: "batch/v1"}}, want: verdict.NA},
	})
}

func TestNamesAreTheContract(t *testing.T) {
	t.Parallel()
	want := "autoscaling disruption-budget graceful-shutdown image-pinning liveness memory-limits non-root privileges progressive-delivery readiness redundancy requests rollout-safety secrets zone-spread"
	if got := strings.Join(Names(), " "); got != want {
		t.Errorf("Names() = %s", got)
	}
}
