package kube

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

func openDir(t *testing.T, dir string) repo.Snapshot {
	t.Helper()
	snap, err := repo.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// summary renders an object as "path:line origin Kind/name@namespace".
func summary(o Object) string {
	s := fmt.Sprintf("%s:%d %s %s/%s", o.Path, o.Line, o.Origin, o.Kind, o.Name)
	if o.Namespace != "" {
		s += "@" + o.Namespace
	}
	return s
}

func summaries(set *Set) []string {
	out := make([]string, len(set.Objects))
	for i, o := range set.Objects {
		out[i] = summary(o)
	}
	return out
}

func problemText(ps []verdict.Evidence) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		dir          string
		roots        []string
		wantObjects  []string
		wantProblems []string // substrings, one per problem, in path order
	}{
		"raw yaml, json and lists; other yaml ignored": {
			dir: "testdata/raw",
			wantObjects: []string{
				"deploy/app.yaml:2 raw Deployment/api@shop",
				"deploy/app.yaml:17 raw Service/api",
				"k8s/list.json:2 raw ConfigMap/a",
				"k8s/list.json:3 raw ConfigMap/b",
				"k8s/worker.json:1 raw Deployment/worker",
			},
			wantProblems: []string{"malformed YAML: did not find expected ',' or ']'"},
		},
		"helm charts rendered with default values, subcharts inside their parent, no test hooks": {
			dir: "testdata/helm",
			wantObjects: []string{
				"deploy/cronjob.yaml:1 raw CronJob/report",
				"charts/api/charts/redis/templates/statefulset.yaml:1 helm:charts/api StatefulSet/api-redis",
				"charts/api/templates/deployment.yaml:1 helm:charts/api Deployment/api-api@default",
				"charts/api/templates/migrate-job.yaml:1 helm:charts/api Job/api-api-migrate",
				"charts/needs-dep/templates/deployment.yaml:1 helm:charts/needs-dep Deployment/needs-dep",
			},
			wantProblems: []string{
				"charts/broken/templates/configmap.yaml:7 chart charts/broken: template error",
				"charts/needs-dep/Chart.yaml chart needs-dep: missing dependency postgresql; run helm dependency build",
			},
		},
		"kustomize production overlay only, resources name their files": {
			dir: "testdata/kustomize",
			wantObjects: []string{
				"tools/job.yaml:1 raw Job/migrate",
				"deploy/base/deployment.yaml:1 kustomize:deploy/overlays/production Deployment/api@production",
				"deploy/base/service.yaml:1 kustomize:deploy/overlays/production Service/api@production",
				"deploy/overlays/production/pdb.yaml:1 kustomize:deploy/overlays/production PodDisruptionBudget/api@production",
			},
		},
		"kustomize without a production overlay builds every top kustomization": {
			dir: "testdata/kustomize-noprod",
			wantObjects: []string{
				"apps/a/cm.yaml:1 kustomize:apps/a ConfigMap/a",
				"apps/b/cm.yaml:1 kustomize:apps/b ConfigMap/b-cm",
			},
		},
		"roots override discovery": {
			dir:   "testdata/kustomize",
			roots: []string{"deploy/overlays/staging", "tools/job.yaml"},
			wantObjects: []string{
				"tools/job.yaml:1 raw Job/migrate",
				"deploy/base/deployment.yaml:1 kustomize:deploy/overlays/staging Deployment/api@staging",
				"deploy/base/service.yaml:1 kustomize:deploy/overlays/staging Service/api@staging",
			},
		},
		"a root folder is searched like a repository": {
			dir:         "testdata/helm",
			roots:       []string{"./deploy/"},
			wantObjects: []string{"deploy/cronjob.yaml:1 raw CronJob/report"},
		},
		"a root chart is rendered": {
			dir:   "testdata/helm",
			roots: []string{"charts/api"},
			wantObjects: []string{
				"charts/api/charts/redis/templates/statefulset.yaml:1 helm:charts/api StatefulSet/api-redis",
				"charts/api/templates/deployment.yaml:1 helm:charts/api Deployment/api-api@default",
				"charts/api/templates/migrate-job.yaml:1 helm:charts/api Job/api-api-migrate",
			},
		},
		"a missing root is a problem": {
			dir:          "testdata/raw",
			roots:        []string{"k8s/list.json", "nope"},
			wantObjects:  []string{"k8s/list.json:2 raw ConfigMap/a", "k8s/list.json:3 raw ConfigMap/b"},
			wantProblems: []string{`nope manifest root "nope"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set := Load(context.Background(), openDir(t, tc.dir), tc.roots)
			if got := summaries(set); strings.Join(got, "\n") != strings.Join(tc.wantObjects, "\n") {
				t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.wantObjects, "\n"))
			}
			assertProblems(t, set.Problems, tc.wantProblems)
		})
	}
}

func assertProblems(t *testing.T, got []verdict.Evidence, want []string) {
	t.Helper()
	texts := problemText(got)
	if len(texts) != len(want) {
		t.Fatalf("problems:\n%s\nwant %d matching %q", strings.Join(texts, "\n"), len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(texts[i], w) {
			t.Errorf("problem %d = %q, want it to contain %q", i, texts[i], w)
		}
	}
}

func TestLoadRendersChartValues(t *testing.T) {
	t.Parallel()
	set := Load(context.Background(), openDir(t, "testdata/helm"), []string{"charts/api"})
	for _, o := range set.Objects {
		if o.Kind != "Deployment" {
			continue
		}
		spec := o.Doc["spec"].(map[string]any)
		c := spec["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)
		if spec["replicas"] != 3 || c["image"] != "ghcr.io/acme/api:1.4.2" {
			t.Errorf("replicas %v image %v: values.yaml and appVersion not applied", spec["replicas"], c["image"])
		}
		if req := c["resources"].(map[string]any)["requests"].(map[string]any); req["memory"] != "128Mi" {
			t.Errorf("requests %v", req)
		}
		return
	}
	t.Fatal("no Deployment rendered")
}

func TestLoadAppliesProductionOverlay(t *testing.T) {
	t.Parallel()
	set := Load(context.Background(), openDir(t, "testdata/kustomize"), nil)
	for _, o := range set.Objects {
		if o.Kind == "Deployment" {
			spec := o.Doc["spec"].(map[string]any)
			image := spec["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"]
			if spec["replicas"] != 4 || image != "acme/api:1.4.2" {
				t.Errorf("replicas %v image %v: production patches not applied", spec["replicas"], image)
			}
			if _, ok := o.Doc["metadata"].(map[string]any)["annotations"]; ok {
				t.Errorf("origin annotation left on the object: %v", o.Doc["metadata"])
			}
			return
		}
	}
	t.Fatal("no Deployment built")
}

func TestObjectLocate(t *testing.T) {
	t.Parallel()
	set := Load(context.Background(), openDir(t, "testdata/raw"), []string{"deploy/app.yaml"})
	d := set.Objects[0]
	tests := map[string]struct {
		keys []any
		want int
	}{
		"container":      {[]any{"spec", "template", "spec", "containers", 0}, 14},
		"container name": {[]any{"spec", "template", "spec", "containers", 0, "name"}, 14},
		"image":          {[]any{"spec", "template", "spec", "containers", 0, "image"}, 15},
		"missing":        {[]any{"spec", "nope"}, 2},
		"bad index":      {[]any{"spec", "template", "spec", "containers", 3}, 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := d.Locate(tc.keys...); got != tc.want {
				t.Errorf("Locate(%v) = %d, want %d", tc.keys, got, tc.want)
			}
		})
	}
}

const billionLaughs = `apiVersion: v1
kind: ConfigMap
metadata: {name: lol}
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

func TestLoadHostileInput(t *testing.T) {
	t.Parallel()
	ok := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n"
	tests := map[string]struct {
		files        map[string]string
		wantObjects  int
		wantProblems []string
	}{
		"alias bomb in a raw file": {
			files:        map[string]string{"k8s/bomb.yaml": billionLaughs, "k8s/ok.yaml": ok},
			wantObjects:  1,
			wantProblems: []string{"k8s/bomb.yaml:1 cannot decode YAML: yaml: document contains excessive aliasing"},
		},
		"alias bomb in a kustomization": {
			files: map[string]string{
				"deploy/kustomization.yaml": "resources: [bomb.yaml]\n", "deploy/bomb.yaml": billionLaughs, "other/ok.yaml": ok,
			},
			wantObjects:  1,
			wantProblems: []string{"deploy/bomb.yaml:1 cannot decode YAML"},
		},
		"alias bomb in chart values": {
			files: map[string]string{
				"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "chart/values.yaml": billionLaughs,
				"chart/templates/cm.yaml": ok, "other/ok.yaml": ok,
			},
			wantObjects:  1,
			wantProblems: []string{"chart/Chart.yaml chart chart: "},
		},
		"looping chart": {
			files: map[string]string{
				"chart/Chart.yaml":       "apiVersion: v2\nname: c\nversion: 1.0.0\n",
				"chart/templates/x.yaml": "{{ range 100000 }}{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}{{ end }}",
				"other/ok.yaml":          ok,
			},
			wantObjects: 1,
			// The step budget usually stops it; on a loaded machine the chart's deadline may come
			// first. The render guard enforces both, so either way the render budget is exceeded.
			wantProblems: []string{"chart/templates/x.yaml chart chart: template error: render budget exceeded"},
		},
		"chart template that is not YAML": {
			files: map[string]string{
				"chart/Chart.yaml":       "apiVersion: v2\nname: c\nversion: 1.0.0\n",
				"chart/templates/x.yaml": "apiVersion: v1\nkind: ConfigMap\n  bad: [indent\n",
			},
			wantProblems: []string{"chart/templates/x.yaml malformed YAML: "},
		},
		"remote kustomize resources are not fetched": {
			files: map[string]string{
				"deploy/kustomization.yaml": "resources:\n  - github.com/acme/infra//base?ref=v1\n  - https://example.com/x.yaml\n  - git@github.com:acme/infra.git\n",
			},
			wantProblems: []string{
				`deploy/kustomization.yaml kustomization deploy: remote resource "github.com/acme/infra//base?ref=v1" is not fetched`,
				`"https://example.com/x.yaml" is not fetched`,
				`"git@github.com:acme/infra.git" is not fetched`,
			},
		},
		"remote patch files are not fetched": {
			files: map[string]string{
				"deploy/kustomization.yaml": "resources: [cm.yaml]\npatches:\n  - path: https://example.com/patch.yaml\n", "deploy/cm.yaml": ok,
			},
			wantProblems: []string{`remote resource "https://example.com/patch.yaml" is not fetched`},
		},
		"files over the size limit are skipped": {
			files:       map[string]string{"k8s/big.yaml": ok + "# " + strings.Repeat("x", repo.MaxFileSize), "k8s/ok.yaml": ok},
			wantObjects: 1,
		},
		"deeply nested flow sequences": {
			files:        map[string]string{"k8s/deep.yaml": "apiVersion: v1\nkind: ConfigMap\ndata: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"},
			wantProblems: []string{"k8s/deep.yaml"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			set := Load(context.Background(), repo.NewMemory(tc.files), nil)
			if d := time.Since(start); d > loadTimeout+5*time.Second {
				t.Errorf("Load took %v", d)
			}
			if len(set.Objects) != tc.wantObjects {
				t.Errorf("got %d objects %v, want %d", len(set.Objects), summaries(set), tc.wantObjects)
			}
			assertProblems(t, set.Problems, tc.wantProblems)
		})
	}
}
