package rules

import (
	"testing"
)

// TestOddShapesDoNotCrash runs every rule over manifests whose fields have unexpected types; a
// rule may judge them or not, but never panics.
func TestOddShapesDoNotCrash(t *testing.T) {
	t.Parallel()
	docs := []any{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: many, template: {metadata: {labels: [x]}, spec: {hostNetwork: yes-please, volumes: [1, {hostPath: 3}, {name: v, hostPath: {path: [x]}}], topologySpreadConstraints: [1, {labelSelector: 2}], affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [1], preferredDuringSchedulingIgnoredDuringExecution: [1, {podAffinityTerm: 2}]}}, containers: [1, {name: c, ports: 8080, env: [1, {name: 2, value: 3}], securityContext: [], livenessProbe: {httpGet: {port: [1]}}, readinessProbe: {httpGet: {port: {a: 1}}, exec: {command: 1}}}]}}}\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec: {template: {metadata: {labels: {app: b}}, spec: {containers: [{name: c, ports: [1, {containerPort: x}], livenessProbe: [], readinessProbe: {tcpSocket: {port: y}}}]}}}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {selector: [app]}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: b2}\nspec: {selector: {app: b}}\n",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec: {minAvailable: '%', maxUnavailable: null, selector: {matchLabels: {app: b}}}\n",
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: b}\nspec: {scaleTargetRef: [b], minReplicas: lots}\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1, b: [x], c: {d: e}}\n",
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			judge(t, name, docs...)
		})
	}
}
