package kube

import (
	"context"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func TestDeployToolShapes(t *testing.T) {
	t.Parallel()
	cm := func(name string) string { return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n" }
	chart := map[string]string{
		"charts/c/Chart.yaml":        "apiVersion: v2\nname: c\nversion: 1.0.0\n",
		"charts/c/values.yaml":       "name: default\n",
		"charts/c/values-live.yaml":  "name: live\n",
		"charts/c/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: '{{ .Values.name }}'}\n",
		"overlay/kustomization.yaml": "resources: [cm.yaml]\nnamePrefix: k-\n",
		"overlay/cm.yaml":            cm("one"),
		"k8s/a.yaml":                 cm("a"),
		"manifests/b.yaml":           cm("b"),
	}
	tests := map[string]struct {
		files        map[string]string
		wantObjects  []string
		wantProblems []string
	}{
		"skaffold v1 kubectl manifests and helm releases": {
			files: map[string]string{"skaffold.yaml": `apiVersion: skaffold/v2beta29
kind: Config
deploy:
  kubectl:
    manifests: [manifests/*.yaml]
  helm:
    releases:
      - name: rel
        chartPath: charts/c
        valuesFiles: [charts/c/values-live.yaml]
`},
			wantObjects: []string{
				"manifests/b.yaml:1 ConfigMap/b skaffold:skaffold.yaml#1", // deploy-tool sources come first
				"k8s/a.yaml:1 ConfigMap/a raw:k8s",
				"charts/c/templates/cm.yaml:1 ConfigMap/live skaffold:skaffold.yaml#1",
				"overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay",
			},
		},
		"skaffold v1 kubectl without manifests deploys k8s/*.yaml; kustomize without paths deploys its folder": {
			files: map[string]string{"overlay/skaffold.yaml": "apiVersion: skaffold/v2beta29\nkind: Config\ndeploy:\n  kustomize: {}\n",
				"skaffold.yaml": "apiVersion: skaffold/v2beta29\nkind: Config\ndeploy:\n  kubectl: {}\n"},
			wantObjects: []string{
				"k8s/a.yaml:1 ConfigMap/a skaffold:skaffold.yaml#1",
				"manifests/b.yaml:1 ConfigMap/b raw:manifests",
				"charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c",
				"overlay/cm.yaml:1 ConfigMap/k-one skaffold:overlay/skaffold.yaml#1",
			},
		},
		"a production profile replaces the default manifests": {
			files: map[string]string{"skaffold.yaml": `apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: app}
manifests:
  rawYaml: [k8s/*.yaml]
profiles:
  - name: production
    manifests:
      rawYaml: [manifests/*.yaml]
`},
			wantObjects: []string{
				"manifests/b.yaml:1 ConfigMap/b skaffold:skaffold.yaml#app",
				"charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c",
				"overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay",
			},
		},
		"paths leaving the repository and remote charts are ignored": {
			files: map[string]string{"skaffold.yaml": `apiVersion: skaffold/v4beta11
kind: Config
manifests:
  rawYaml: [../other/*.yaml, https://example.com/x.yaml]
  helm:
    releases:
      - {name: r, remoteChart: bitnami/redis}
`},
			wantObjects: []string{
				"k8s/a.yaml:1 ConfigMap/a raw:k8s",
				"manifests/b.yaml:1 ConfigMap/b raw:manifests",
				"charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c",
				"overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay",
			},
		},
		"a skaffold file that is not YAML is a problem": {
			files:        map[string]string{"skaffold.yaml": "apiVersion: [\n"},
			wantObjects:  []string{"k8s/a.yaml:1 ConfigMap/a raw:k8s", "manifests/b.yaml:1 ConfigMap/b raw:manifests", "charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c", "overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay"},
			wantProblems: []string{"skaffold.yaml skaffold configuration: "},
		},
		"helmfile.d files are helmfiles, paths relative to their folder": {
			files: map[string]string{"helmfile.d/10-app.yaml": "releases:\n  - name: app\n    chart: ../charts/c\n    values: [../charts/c/values-live.yaml]\n"},
			wantObjects: []string{
				"k8s/a.yaml:1 ConfigMap/a raw:k8s", "manifests/b.yaml:1 ConfigMap/b raw:manifests",
				"charts/c/templates/cm.yaml:1 ConfigMap/live helmfile:helmfile.d/10-app.yaml#app", "overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay",
			},
		},
		"an Argo CD directory source with recurse and include": {
			files: map[string]string{
				"apps.yaml":          "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  source: {path: env, directory: {recurse: true, include: '{*.yaml,eu/*.yaml}', exclude: 'eu/skip.yaml'}}\n",
				"env/top.yaml":       cm("top"),
				"env/eu/in.yaml":     cm("in"),
				"env/eu/skip.yaml":   cm("skip"),
				"env/us/deep/x.yaml": cm("x"),
			},
			wantObjects: []string{
				"apps.yaml:1 Application/a raw:", "env/eu/in.yaml:1 ConfigMap/in argocd:apps.yaml#/a", "env/eu/skip.yaml:1 ConfigMap/skip raw:env/eu",
				"env/top.yaml:1 ConfigMap/top argocd:apps.yaml#/a", "env/us/deep/x.yaml:1 ConfigMap/x raw:env/us/deep", "k8s/a.yaml:1 ConfigMap/a raw:k8s",
				"manifests/b.yaml:1 ConfigMap/b raw:manifests", "charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c", "overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay",
			},
		},
		"a templated helmfile is left alone": {
			files:       map[string]string{"helmfile.yaml": "releases:\n{{ range .Values.apps }}\n  - chart: ./charts/c\n{{ end }}\n"},
			wantObjects: []string{"k8s/a.yaml:1 ConfigMap/a raw:k8s", "manifests/b.yaml:1 ConfigMap/b raw:manifests", "charts/c/templates/cm.yaml:1 ConfigMap/default helm:charts/c", "overlay/cm.yaml:1 ConfigMap/k-one kustomize:overlay"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), repo.NewMemory(withFiles(chart, tc.files)), nil)
			var got []string
			for _, o := range set.Objects {
				got = append(got, unitSummary(o))
			}
			assertLines(t, "objects", got, tc.wantObjects)
			assertProblems(t, set.Problems, tc.wantProblems)
		})
	}
}

func withFiles(base, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}
