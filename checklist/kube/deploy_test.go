package kube

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// unitSummary renders an object as "path:line Kind/name@namespace unit".
func unitSummary(o Object) string {
	s := fmt.Sprintf("%s:%d %s/%s", o.Path, o.Line, o.Kind, o.Name)
	if o.Namespace != "" {
		s += "@" + o.Namespace
	}
	return s + " " + o.Unit
}

func TestLoadWhatIsDeployed(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		dir            string
		wantObjects    []string
		wantDuplicates []string // "copy => kept"
		wantProblems   []string
	}{
		"one workload in five places is kept once, from the production overlay": {
			dir: "testdata/fiveplaces",
			wantObjects: []string{
				// values-production.yaml enables the chart's autoscaler; it stays with the chart's unit.
				"charts/shop/templates/hpa.yaml:2 HorizontalPodAutoscaler/shop helm:charts/shop",
				"deploy/base/deployment.yaml:1 Deployment/shop@shop kustomize:deploy/overlays/production",
				"deploy/base/deployment.yaml:17 Service/shop@shop kustomize:deploy/overlays/production",
				"deploy/overlays/production/pdb.yaml:1 PodDisruptionBudget/shop@shop kustomize:deploy/overlays/production",
			},
			wantDuplicates: []string{
				"charts/shop/templates/deployment.yaml:1 Deployment/shop helm:charts/shop => deploy/base/deployment.yaml:1",
				"k8s/deployment.yaml:1 Deployment/shop raw:k8s => deploy/base/deployment.yaml:1",
				"k8s/deployment.yaml:17 Service/shop raw:k8s => deploy/base/deployment.yaml:17",
				"release/shop.yaml:4 Deployment/shop raw:release => deploy/base/deployment.yaml:1",
			},
		},
		"a variant in extras/ is a copy, and its autoscaler is its own unit; examples/ and hack/ deploy nothing": {
			dir: "testdata/extras",
			wantObjects: []string{
				"extras/api.yaml:16 HorizontalPodAutoscaler/api raw:extras",
				"k8s/api.yaml:1 Deployment/api raw:k8s",
			},
			wantDuplicates: []string{"extras/api.yaml:2 Deployment/api raw:extras => k8s/api.yaml:1"},
		},
		"components are built only through the overlay that lists them": {
			dir: "testdata/components",
			wantObjects: []string{
				"base/deployment.yaml:1 Deployment/web kustomize:overlays/production",
				"components/metrics/rule.yaml:1 PrometheusRule/web kustomize:overlays/production",
			},
		},
		"skaffold's prod profile names what is deployed; other profiles' manifests are left out": {
			dir: "testdata/skaffold",
			wantObjects: []string{
				"k8s/prod/hpa.yaml:1 HorizontalPodAutoscaler/web@web skaffold:skaffold.yaml#web",
				"k8s/prod/web.yaml:1 Deployment/web@web skaffold:skaffold.yaml#web",
				"charts/cache/templates/statefulset.yaml:1 StatefulSet/cache skaffold:skaffold.yaml#web",
				"worker/base/deployment.yaml:1 Deployment/live-worker skaffold:skaffold.yaml#worker",
			},
		},
		"Argo CD and Flux objects deploy local paths; remote charts are not this repository's": {
			dir: "testdata/gitops",
			wantObjects: []string{
				"argocd/clusters.yaml:1 ApplicationSet/clusters@argocd raw:argocd",
				"argocd/guestbook.yaml:1 ApplicationSet/guestbook@argocd raw:argocd",
				"argocd/shop.yaml:1 Application/shop@argocd raw:argocd",
				"argocd/shop.yaml:22 Application/redis@argocd raw:argocd",
				// Each folder a git directories generator matches is an Application of its own.
				"clusters/eu/settings.yaml:1 ConfigMap/settings@eu argocd:argocd/clusters.yaml#argocd/clusters[clusters/eu]",
				"clusters/us/settings.yaml:1 ConfigMap/settings@us argocd:argocd/clusters.yaml#argocd/clusters[clusters/us]",
				"deploy/worker/deployment.yaml:1 Deployment/worker flux:flux/worker.yaml#flux-system/worker",
				"flux/worker.yaml:1 Kustomization/worker@flux-system raw:flux",
				"flux/worker.yaml:17 HelmRelease/cron@flux-system raw:flux",
				"flux/worker.yaml:34 HelmRelease/ingress@flux-system raw:flux",
				// examples/ holds no deployment unless, as here, a deploy tool names it; Argo CD
				// does not read its subfolder old/ without directory.recurse.
				"examples/guestbook/guestbook.yaml:1 Deployment/guestbook argocd:argocd/guestbook.yaml#argocd/guestbook",
				"charts/shop/templates/deployment.yaml:1 Deployment/shop@shop argocd:argocd/shop.yaml#argocd/shop",
				"charts/cron/templates/cronjob.yaml:1 CronJob/jobs-cron@jobs flux:flux/worker.yaml#flux-system/cron",
			},
		},
		"helmfile releases render local charts with their values": {
			dir:         "testdata/helmfile",
			wantObjects: []string{"charts/api/templates/deployment.yaml:1 Deployment/api@api helmfile:helmfile.yaml#api"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), openDir(t, tc.dir), nil)
			var got, dups []string
			for _, o := range set.Objects {
				got = append(got, unitSummary(o))
			}
			for _, d := range set.Duplicates {
				dups = append(dups, fmt.Sprintf("%s => %s:%d", unitSummary(d.Object), d.Kept.Path, d.Kept.Line))
			}
			assertLines(t, "objects", got, tc.wantObjects)
			assertLines(t, "duplicates", dups, tc.wantDuplicates)
			assertProblems(t, set.Problems, tc.wantProblems)
		})
	}
}

func assertLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// field returns the value at keys (strings and list indexes) in doc.
func field(doc any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := doc.(map[string]any)
			doc = m[k]
		case int:
			l, _ := doc.([]any)
			if k >= len(l) {
				return nil
			}
			doc = l[k]
		}
	}
	return doc
}

func findObject(set *Set, kind, name string) (Object, bool) {
	for _, o := range set.Objects {
		if o.Kind == kind && o.Name == name {
			return o, true
		}
	}
	return Object{}, false
}

func TestLoadReleaseValues(t *testing.T) {
	t.Parallel()
	containerImage := []any{"spec", "template", "spec", "containers", 0, "image"}
	tests := map[string]struct {
		dir, kind, name string
		keys            []any
		want            any
	}{
		"skaffold set values win over values files":     {"testdata/skaffold", "StatefulSet", "cache", []any{"spec", "replicas"}, 3},
		"skaffold values files layer over values.yaml":  {"testdata/skaffold", "StatefulSet", "cache", []any{"metadata", "labels", "region"}, "eu"},
		"templated skaffold set values are not applied": {"testdata/skaffold", "StatefulSet", "cache", containerImage, "redis:7.2"},
		"argo parameters": {"testdata/gitops", "Deployment", "shop", []any{"spec", "replicas"}, 5},
		"argo value files are relative to the chart":     {"testdata/gitops", "Deployment", "shop", []any{"metadata", "labels", "region"}, "eu"},
		"flux inline values":                             {"testdata/gitops", "CronJob", "jobs-cron", []any{"spec", "schedule"}, "*/5 * * * *"},
		"helmfile inline values over values files":       {"testdata/helmfile", "Deployment", "api", []any{"spec", "replicas"}, 4},
		"helmfile values files and set":                  {"testdata/helmfile", "Deployment", "api", containerImage, "ghcr.io/acme/api:1.2.3"},
		"a discovered chart uses values-production.yaml": {"testdata/fiveplaces", "HorizontalPodAutoscaler", "shop", []any{"spec", "minReplicas"}, 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o, ok := findObject(Load(context.Background(), openDir(t, tc.dir), nil), tc.kind, tc.name)
			if !ok {
				t.Fatalf("no %s/%s", tc.kind, tc.name)
			}
			if got := field(o.Doc, tc.keys...); got != tc.want {
				t.Errorf("%v = %#v, want %#v", tc.keys, got, tc.want)
			}
		})
	}
}
