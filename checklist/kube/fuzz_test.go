package kube

import (
	"context"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

// FuzzDeployToolConfigs feeds arbitrary skaffold, helmfile and Argo CD / Flux documents to Load,
// which must neither panic nor fail.
func FuzzDeployToolConfigs(f *testing.F) {
	f.Add("apiVersion: skaffold/v4beta11\nkind: Config\nmanifests: {rawYaml: ['**/*.yaml'], helm: {releases: [{chartPath: c, setValues: {a.b: 1}}]}}\nprofiles: [{name: prod, manifests: {kustomize: {}}}]\n")
	f.Add("releases:\n  - {name: r, chart: ./c, values: [v.yaml, {a: 1}], set: [{name: 'x[0]', value: 2}]}\n")
	f.Add("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\nspec:\n  generators: [{git: {directories: [{path: '**'}, {path: c, exclude: true}]}}]\n  template: {spec: {source: {path: '{{path}}', helm: {values: 'a: [', parameters: [{name: '', value: x}]}, kustomize: {images: ['=', 'a=b:1']}}}}\n")
	f.Add("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\nspec: {chart: {spec: {chart: ./c, sourceRef: {kind: GitRepository}, valuesFiles: [../x]}}, values: {a: {b: 1}}}\n")
	chart := map[string]string{
		"c/Chart.yaml":         "apiVersion: v2\nname: c\nversion: 1.0.0\n",
		"c/templates/cm.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n",
		"v.yaml":               "a: 2\n",
		"k/kustomization.yaml": "resources: []\n",
	}
	f.Fuzz(func(t *testing.T, doc string) {
		files := map[string]string{"skaffold.yaml": doc, "helmfile.yaml": doc, "k8s/app.yaml": doc}
		for k, v := range chart {
			files[k] = v
		}
		set := Load(context.Background(), repo.NewMemory(files), nil)
		if set == nil {
			t.Fatal("nil set")
		}
	})
}
