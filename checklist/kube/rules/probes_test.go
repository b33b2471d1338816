package rules

import (
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

func TestReadinessRule(t *testing.T) {
	t.Parallel()
	probed := ports + ", readinessProbe: {httpGet: {path: /ready, port: 8080}}"
	worker := workload{kind: "Deployment", worker: true}
	service := "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n"
	runRuleCases(t, "readiness", map[string]ruleCase{
		"probe":                {docs: []any{deployment(probed)}, want: verdict.Pass},
		"no probe":             {docs: []any{deployment(ports)}, want: verdict.Fail, message: `k8s/all.yaml:5 Deployment/web: container "app" has no readinessProbe`},
		"worker without ports": {docs: []any{worker}, want: verdict.NA},
		"service selects pods": {docs: []any{worker, service}, want: verdict.Fail, message: `container "app" has no readinessProbe`},
		"service selects others": {docs: []any{worker, "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}}\n"},
			want: verdict.NA},
		"service without selector": {docs: []any{worker, "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n"}, want: verdict.NA},
		"service elsewhere":        {docs: []any{worker, "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: other}\nspec: {selector: {app: web}}\n"}, want: verdict.NA},
		"service, default container": {docs: []any{
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}, annotations: {kubectl.kubernetes.io/default-container: app}}, spec: {containers: [{name: proxy, image: envoy:1, readinessProbe: {tcpSocket: {port: 9901}}}, {name: app, image: app:1}]}}}\n", service,
		}, want: verdict.Fail, message: `container "app" has no readinessProbe`},
		"service, first container": {docs: []any{
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: app:1, readinessProbe: {tcpSocket: {port: 8080}}}, {name: sidecar, image: log:1}]}}}\n", service,
		}, want: verdict.Pass},
		"job with ports": {docs: []any{workload{kind: "Job", api: "batch/v1", container: ports}}, want: verdict.NA},
		"rollout with ref": {docs: []any{
			"apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec: {workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}, strategy: {canary: {}}}\n",
			deployment(ports),
		}, want: verdict.Fail, message: `Rollout/web: container "app" has no readinessProbe`},
		"named port declared": {docs: []any{deployment(", ports: [{name: http, containerPort: 8080}], readinessProbe: {httpGet: {path: /ready, port: http}}")}, want: verdict.Pass},
		"named port missing":  {docs: []any{deployment(", ports: [{name: web, containerPort: 8080}], readinessProbe: {httpGet: {path: /ready, port: http}}")}, want: verdict.Fail, message: `readinessProbe aims at port "http", which the container does not declare`},
		"number not exposed":  {docs: []any{deployment(ports + ", readinessProbe: {tcpSocket: {port: 9090}}")}, want: verdict.Fail, message: "aims at port 9090, which the container does not expose (it declares 8080)"},
		"quoted number":       {docs: []any{deployment(ports + ", readinessProbe: {httpGet: {path: /, port: '8080'}}")}, want: verdict.Pass},
		"grpc not exposed":    {docs: []any{deployment(ports + ", readinessProbe: {grpc: {port: 9000}}")}, want: verdict.Fail, message: "port 9000"},
		"number, no ports":    {docs: []any{worker, service, deployment(", readinessProbe: {tcpSocket: {port: 9090}}")}, want: verdict.Fail, message: `Deployment/web: container "app" has no readinessProbe`},
		"port of a sidecar": {docs: []any{
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: app:1, ports: [{containerPort: 8080}], readinessProbe: {httpGet: {path: /ready, port: 15020}}}, {name: proxy, image: envoy:1, ports: [{containerPort: 15020}], readinessProbe: {tcpSocket: {port: 15020}}}]}}}\n",
		}, want: verdict.Pass},
		"named port of a sidecar": {docs: []any{
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: app:1, ports: [{containerPort: 8080}], readinessProbe: {httpGet: {path: /ready, port: admin}}}, {name: proxy, image: envoy:1, ports: [{name: admin, containerPort: 15020}]}]}}}\n",
		}, want: verdict.Fail, message: `container "app" readinessProbe aims at port "admin"`},
		"exec has no port":     {docs: []any{deployment(ports + ", readinessProbe: {exec: {command: [cat, /tmp/ready]}}")}, want: verdict.Pass},
		"named port, no ports": {docs: []any{workload{kind: "Deployment", worker: true, container: ", readinessProbe: {httpGet: {port: http}}"}, service}, want: verdict.Fail, message: `aims at port "http"`},
	})
}

func TestLivenessRule(t *testing.T) {
	t.Parallel()
	ready := ", readinessProbe: {httpGet: {path: /healthz, port: 8080}}"
	runRuleCases(t, "liveness", map[string]ruleCase{
		"probe":    {docs: []any{deployment(ports + ", livenessProbe: {tcpSocket: {port: 8080}}")}, want: verdict.Pass},
		"no probe": {docs: []any{deployment(ports + ready)}, want: verdict.Fail, message: "has no livenessProbe"},
		"identical to readiness": {docs: []any{deployment(ports + ready + ", livenessProbe: {httpGet: {path: /healthz, port: 8080}}")},
			want: verdict.Fail, message: "identical to its readinessProbe, so an overload that takes pods out of service also restarts them; keep the endpoint but give the livenessProbe a higher failureThreshold"},
		"identical once defaults apply": {docs: []any{deployment(", ports: [{name: http, containerPort: 8080}], readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 10}, livenessProbe: {httpGet: {path: /healthz, port: 8080, scheme: HTTP}, failureThreshold: 3, timeoutSeconds: 1}")},
			want: verdict.Fail, message: "identical"},
		"same endpoint, higher threshold": {docs: []any{deployment(ports + ready + ", livenessProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 6}")}, want: verdict.Pass},
		"same endpoint, later start":      {docs: []any{deployment(ports + ready + ", livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 30}")}, want: verdict.Pass},
		"other path":                      {docs: []any{deployment(ports + ready + ", livenessProbe: {httpGet: {path: /livez, port: 8080}}")}, want: verdict.Pass},
		"identical exec": {docs: []any{deployment(ports + ", readinessProbe: {exec: {command: [check]}}, livenessProbe: {exec: {command: [check]}}")},
			want: verdict.Fail, message: "identical"},
		"identical tcp":       {docs: []any{deployment(ports + ", readinessProbe: {tcpSocket: {port: 8080}}, livenessProbe: {tcpSocket: {port: 8080}}")}, want: verdict.Fail, message: "identical"},
		"tcp versus http":     {docs: []any{deployment(ports + ready + ", livenessProbe: {tcpSocket: {port: 8080}}")}, want: verdict.Pass},
		"liveness wrong port": {docs: []any{deployment(ports + ready + ", livenessProbe: {httpGet: {path: /healthz, port: 8081}}")}, want: verdict.Fail, message: "livenessProbe aims at port 8081"},
	})
}
