package kube

import (
	"context"
	"fmt"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func TestLocateBuiltObjects(t *testing.T) {
	t.Parallel()
	container := []any{"spec", "template", "spec", "containers", 0}
	image := append(append([]any(nil), container...), "image")
	tests := map[string]struct {
		dir, kind, name string
		duplicate       bool // the copy left out, still located in its own file
		keys            []any
		wantPath        string
		wantLine        int
	}{
		"chart field written in the template":      {"testdata/helmfile", "Deployment", "api", false, []any{"spec", "replicas"}, "charts/api/templates/deployment.yaml", 7},
		"chart container":                          {"testdata/helmfile", "Deployment", "api", false, container, "charts/api/templates/deployment.yaml", 11},
		"chart image":                              {"testdata/helmfile", "Deployment", "api", false, image, "charts/api/templates/deployment.yaml", 12},
		"chart object after a template condition":  {"testdata/fiveplaces", "HorizontalPodAutoscaler", "shop", false, []any{"spec", "nope"}, "charts/shop/templates/hpa.yaml", 2},
		"chart field among helper output":          {"testdata/fiveplaces", "Deployment", "shop", true, image, "charts/shop/templates/deployment.yaml", 19},
		"chart field a helper wrote is the object": {"testdata/fiveplaces", "Deployment", "shop", true, []any{"metadata", "labels", "app"}, "charts/shop/templates/deployment.yaml", 1},
		"kustomize field in the resource file":     {"testdata/fiveplaces", "Deployment", "shop", false, image, "deploy/base/deployment.yaml", 15},
		"kustomize resource of the overlay":        {"testdata/fiveplaces", "PodDisruptionBudget", "shop", false, []any{"spec", "maxUnavailable"}, "deploy/overlays/production/pdb.yaml", 6},
		"kustomize second document":                {"testdata/fiveplaces", "Service", "shop", false, []any{"spec", "ports", 0}, "deploy/base/deployment.yaml", 24},
		"kustomize name prefix":                    {"testdata/skaffold", "Deployment", "live-worker", false, image, "worker/base/deployment.yaml", 10},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), openDir(t, tc.dir), nil)
			o, ok := findObject(set, tc.kind, tc.name)
			if tc.duplicate {
				ok = false
				for _, d := range set.Duplicates {
					if d.Object.Kind == tc.kind && d.Object.Name == tc.name && d.Object.Path == tc.wantPath {
						o, ok = d.Object, true
					}
				}
			}
			if !ok {
				t.Fatalf("no %s/%s", tc.kind, tc.name)
			}
			if o.Path != tc.wantPath || o.Locate(tc.keys...) != tc.wantLine {
				t.Errorf("Locate(%v) = %s:%d, want %s:%d", tc.keys, o.Path, o.Locate(tc.keys...), tc.wantPath, tc.wantLine)
			}
		})
	}
}

func TestLocateGeneratedObjects(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"deploy/kustomization.yaml": "resources: []\nconfigMapGenerator:\n  - name: settings\n    literals: [LEVEL=info]\nsecretGenerator:\n  - name: creds\n    literals: [TOKEN=x]\n",
	}
	set := Load(context.Background(), repo.NewMemory(files), nil)
	var got []string
	for _, o := range set.Objects {
		got = append(got, fmt.Sprintf("%s:%d %s data:%d", o.Path, o.Line, o.Kind, o.Locate("data")))
	}
	want := []string{"deploy/kustomization.yaml:3 ConfigMap data:3", "deploy/kustomization.yaml:6 Secret data:6"}
	assertLines(t, "objects", got, want)
}

func TestPinned(t *testing.T) {
	t.Parallel()
	skaffold := Load(context.Background(), openDir(t, "testdata/skaffold"), nil)
	components := Load(context.Background(), openDir(t, "testdata/components"), nil)
	gitops := Load(context.Background(), openDir(t, "testdata/gitops"), nil)
	underRoots := Load(context.Background(), openDir(t, "testdata/skaffold"), []string{"k8s/dev"})
	tests := map[string]struct {
		set   *Set
		image string
		want  bool
	}{
		"skaffold artifact":                    {skaffold, "ghcr.io/acme/web", true},
		"skaffold artifact with latest":        {skaffold, "ghcr.io/acme/web:latest", true},
		"artifact of the prod profile":         {skaffold, "ghcr.io/acme/web-migrate", true},
		"artifact when prc.yml names roots":    {underRoots, "ghcr.io/acme/web", true},
		"an image skaffold does not build":     {skaffold, "ghcr.io/acme/worker", false},
		"a registry port is not a tag":         {skaffold, "localhost:5000/web", false},
		"ko reference":                         {components, "ko://github.com/acme/web/cmd/web", true},
		"kustomize images entry with a newTag": {components, "acme/web", true},
		"kustomize, other image":               {components, "acme/api:latest", false},
		"flux Kustomization images":            {gitops, "ghcr.io/acme/worker:latest", true},
		"argo kustomize images, old name":      {gitops, "ghcr.io/acme/guestbook", true},
		"argo kustomize images, new name":      {gitops, "ghcr.io/acme/guestbook-eu", true},
		"an image no gitops object pins":       {gitops, "ghcr.io/acme/report", false},
		"no set":                               {nil, "acme/web", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.set.Pinned(tc.image); got != tc.want {
				t.Errorf("Pinned(%q) = %v, want %v", tc.image, got, tc.want)
			}
		})
	}
}

func TestLoadRootsAndTests(t *testing.T) {
	t.Parallel()
	chart := map[string]string{
		"chart/Chart.yaml":             "apiVersion: v2\nname: c\nversion: 1.0.0\n",
		"chart/values.yaml":            "n: 1\n",
		"chart/values-staging.yaml":    "n: 2\n",
		"chart/templates/cm.yaml":      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {n: \"{{ .Values.n }}\"}\n",
		"comp/kustomization.yaml":      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [cm.yaml]\n",
		"comp/cm.yaml":                 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: comp}\n",
		"test/e2e/job.yaml":            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: e2e}\n",
		"samples/k8s/cm.yaml":          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sample}\n",
		"app/tests/kustomization.yaml": "resources: [../base]\nnamespace: test\n",
		"app/base/kustomization.yaml":  "resources: [cm.yaml]\n",
		"app/base/cm.yaml":             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n",
		"examples/skaffold.yaml":       "apiVersion: skaffold/v4beta11\nkind: Config\nbuild: {artifacts: [{image: demo}]}\nmanifests: {rawYaml: [k8s/*.yaml]}\n",
		"examples/k8s/demo.yaml":       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n",
	}
	tests := map[string]struct {
		roots        []string
		wantObjects  []string
		wantProblems []string
	}{
		"tests, samples, examples and components deploy nothing; a test overlay leaves its base a root": {
			wantObjects: []string{"chart/templates/cm.yaml:1 ConfigMap/cm helm:chart", "app/base/cm.yaml:1 ConfigMap/app kustomize:app/base"},
		},
		"a values file root renders its chart with it": {
			roots:       []string{"chart/values-staging.yaml"},
			wantObjects: []string{"chart/templates/cm.yaml:1 ConfigMap/cm helm:chart"},
		},
		"a template or Chart.yaml root renders its chart with its own values": {
			roots:       []string{"chart/templates/cm.yaml", "chart/Chart.yaml"},
			wantObjects: []string{"chart/templates/cm.yaml:1 ConfigMap/cm helm:chart"},
		},
		"a root may name a test folder": {
			roots:       []string{"test/e2e"},
			wantObjects: []string{"test/e2e/job.yaml:1 Job/e2e raw:test/e2e"},
		},
		"raw files prc.yml names one by one deploy together": {
			roots:       []string{"test/e2e/job.yaml", "app/base/cm.yaml"},
			wantObjects: []string{"test/e2e/job.yaml:1 Job/e2e prc.yml", "app/base/cm.yaml:1 ConfigMap/app prc.yml"},
		},
		"a component is never a root": {
			roots:        []string{"comp"},
			wantProblems: []string{`comp/kustomization.yaml manifest root "comp" (from .github/prc.yml manifests) is a kustomize Component`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), repo.NewMemory(chart), tc.roots)
			var got []string
			for _, o := range set.Objects {
				got = append(got, unitSummary(o))
			}
			assertLines(t, "objects", got, tc.wantObjects)
			assertProblems(t, set.Problems, tc.wantProblems)
		})
	}
}

func TestValuesFileRoot(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"chart/Chart.yaml":          "apiVersion: v2\nname: c\nversion: 1.0.0\n",
		"chart/values.yaml":         "n: 1\nm: 1\n",
		"chart/values-prod.yaml":    "n: 3\n",
		"chart/values-staging.yaml": "n: 2\n",
		"chart/templates/cm.yaml":   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {n: \"{{ .Values.n }}\", m: \"{{ .Values.m }}\"}\n",
	}
	tests := map[string]struct {
		roots []string
		want  string // data.n, data.m
	}{
		"discovered: production values":       {nil, "3 1"},
		"a values file root":                  {[]string{"chart/values-staging.yaml"}, "2 1"},
		"a chart root: its production values": {[]string{"chart"}, "3 1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), repo.NewMemory(files), tc.roots)
			if len(set.Objects) != 1 {
				t.Fatalf("objects %v problems %v", summaries(set), set.Problems)
			}
			if got := fmt.Sprint(field(set.Objects[0].Doc, "data", "n"), " ", field(set.Objects[0].Doc, "data", "m")); got != tc.want {
				t.Errorf("data = %s, want %s", got, tc.want)
			}
		})
	}
}
