package rules

import (
	"testing"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/verdict"
	"gopkg.in/yaml.v3"
)

// unitObject decodes a manifest into an object of the given deployment unit.
func unitObject(t *testing.T, unit string, doc any) kube.Object {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(toText(doc)), &m); err != nil {
		t.Fatal(err)
	}
	meta, _ := m["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	api, _ := m["apiVersion"].(string)
	kind, _ := m["kind"].(string)
	return kube.Object{Path: unit + "/all.yaml", Origin: unit, Unit: unit, APIVersion: api, Kind: kind, Name: name, Namespace: ns, Doc: m}
}

func toText(doc any) string {
	if s, ok := doc.(string); ok {
		return s
	}
	return doc.(workload).String()
}

// TestUnits checks that an autoscaler, disruption budget or Service counts for a workload only
// when both are deployed together (or when either's unit is unknown).
func TestUnits(t *testing.T) {
	t.Parallel()
	hpa := "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}\n"
	pdb := "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n"
	service := "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n"
	worker := workload{kind: "Deployment", worker: true}
	cases := map[string]struct {
		rule       string
		main, with any
		unit       string
		want       verdict.Status
	}{
		"hpa same unit":     {"autoscaling", deployment(""), hpa, "deploy/base", verdict.Pass},
		"hpa other unit":    {"autoscaling", deployment(""), hpa, "extras", verdict.Fail},
		"hpa unknown unit":  {"autoscaling", deployment(""), hpa, "", verdict.Pass},
		"pdb same unit":     {"disruption-budget", deployment(""), pdb, "deploy/base", verdict.Pass},
		"pdb other unit":    {"disruption-budget", deployment(""), pdb, "extras", verdict.Fail},
		"service same unit": {"readiness", worker, service, "deploy/base", verdict.Fail},
		"service other":     {"readiness", worker, service, "extras", verdict.NA},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := &kube.Set{Objects: []kube.Object{unitObject(t, "deploy/base", tc.main), unitObject(t, "deploy/base", tc.with)}}
			set.Objects[1].Unit = tc.unit
			r, _ := Lookup(tc.rule)
			passes, failures := r(NewModel(set))
			if got := verdict.Resolve(passes, failures, nil); got.Status != tc.want {
				t.Errorf("%s = %s, want %s; evidence %v", tc.rule, got.Status, tc.want, got.Evidence)
			}
		})
	}
}
