package repoconfig_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/yamlx"
)

func TestParseManifestsForms(t *testing.T) {
	ext := func(repo, path string) *repoconfig.External { return &repoconfig.External{Repo: repo, Path: path} }
	tests := map[string]struct {
		doc      string
		paths    []string
		external *repoconfig.External
	}{
		"list of paths":     {doc: "manifests: [deploy/prod, ./charts/api/]\n", paths: []string{"deploy/prod", "charts/api"}},
		"one path":          {doc: "manifests: deploy/prod\n", paths: []string{"deploy/prod"}},
		"none":              {doc: "tier: critical\n"},
		"other repository":  {doc: "manifests: {repo: acme/gitops, path: apps/payments/prod/}\n", external: ext("acme/gitops", "apps/payments/prod")},
		"block mapping":     {doc: "manifests:\n  repo: acme/gitops\n  path: ./apps/./payments\n", external: ext("acme/gitops", "apps/payments")},
		"its root":          {doc: "manifests: {repo: acme/payments-deploy, path: .}\n", external: ext("acme/payments-deploy", ".")},
		"through an anchor": {doc: "services:\n  - {name: a, path: a, manifests: &m {repo: acme/gitops, path: apps/a}}\n  - {name: b, path: b, manifests: *m}\n", external: ext("acme/gitops", "apps/a")},
		"monorepo mixes":    {doc: "services:\n  - {name: api, path: api, manifests: {repo: acme/gitops, path: apps/api}}\n  - {name: web, path: web, manifests: [deploy]}\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := repoconfig.Parse("prc.yml", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range c.Targets("repo") {
				if got.Name == "web" {
					if !reflect.DeepEqual(got.Manifests, []string{"deploy"}) || got.External != nil {
						t.Errorf("web: manifests = %q, external = %+v", got.Manifests, got.External)
					}
					continue
				}
				want := tc.external
				if len(c.Services) > 0 && want == nil {
					want = ext("acme/gitops", "apps/"+got.Name)
				}
				check(t, got, tc.paths, want)
			}
		})
	}
}

func check(t *testing.T, got repoconfig.Target, paths []string, external *repoconfig.External) {
	t.Helper()
	if !reflect.DeepEqual(got.Manifests, paths) || !reflect.DeepEqual(got.External, external) {
		t.Errorf("%s: manifests = %q, external = %+v; want %q, %+v", got.Name, got.Manifests, got.External, paths, external)
	}
}

func TestTargetsMonorepoExternalManifests(t *testing.T) {
	doc := "manifests: {repo: acme/gitops, path: apps/top}\nservices:\n" +
		"  - {name: api, path: services/api, manifests: {repo: acme/gitops, path: apps/api/prod}}\n" +
		"  - {name: web, path: services/web, manifests: [deploy]}\n" +
		"  - {name: cron, path: services/cron}\n"
	c, err := repoconfig.Parse("prc.yml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := c.Targets("repo")
	if len(got) != 3 {
		t.Fatalf("targets = %+v", got)
	}
	if e := got[0].External; e == nil || e.Repo != "acme/gitops" || e.Path != "apps/api/prod" || e.String() != "acme/gitops/apps/api/prod" {
		t.Errorf("api external = %+v", e)
	}
	if got[1].External != nil || !reflect.DeepEqual(got[1].Manifests, []string{"deploy"}) {
		t.Errorf("web = %+v, want its own deploy folder", got[1])
	}
	if got[2].External != nil || got[2].Manifests != nil {
		t.Errorf("cron = %+v: top-level manifests do not apply to services, which are discovered", got[2])
	}
}

func TestParseManifestsErrors(t *testing.T) {
	tests := map[string]struct{ doc, want string }{
		"no repo":          {"manifests: {path: apps/a}\n", `prc.yml:1:12: manifests: repo is required`},
		"bad repo":         {"manifests: {repo: gitops, path: apps/a}\n", `prc.yml:1:19: manifests: repo must be owner/name, got "gitops"`},
		"repo with slash":  {"manifests: {repo: acme/gitops/apps, path: a}\n", `prc.yml:1:19: manifests: repo must be owner/name`},
		"no path":          {"manifests:\n  repo: acme/gitops\n", `prc.yml:2:3: manifests: path is required (the folder of acme/gitops`},
		"path escapes":     {"manifests: {repo: acme/gitops, path: ../x}\n", `prc.yml:1:38: manifests: path: "../x" leaves the repository`},
		"absolute path":    {"manifests: {repo: acme/gitops, path: /apps}\n", `prc.yml:1:38: manifests: path: "/apps" must be relative`},
		"unknown key":      {"manifests: {repo: acme/gitops, path: a, ref: main}\n", `prc.yml:1:41: unknown field "ref"`},
		"repo not string":  {"manifests:\n  repo: [a]\n  path: a\n", `prc.yml:2:3: cannot unmarshal`},
		"service no path":  {"services:\n  - name: api\n    path: api\n    manifests: {repo: acme/gitops}\n", `prc.yml:4:16: service "api": manifests: path is required`},
		"service bad list": {"services:\n  - name: api\n    path: api\n    manifests: [ok, ../x]\n", `prc.yml:4:21: service "api": manifests: "../x" leaves the repository`},
		"path escapes one": {"manifests: ../x\n", `prc.yml:1:12: manifests: "../x" leaves the repository`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := repoconfig.Parse("prc.yml", []byte(tc.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v, want prefix %q", err, tc.want)
			}
		})
	}
}

func FuzzParseManifests(f *testing.F) {
	f.Add([]byte("manifests: {repo: acme/gitops, path: apps/payments/prod}\n"))
	f.Add([]byte("services:\n  - {name: a, path: a, manifests: &m {repo: acme/gitops, path: .}}\n  - {name: b, path: b, manifests: *m}\n"))
	f.Add([]byte("manifests: [deploy, ./charts/x/]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := repoconfig.Parse("prc.yml", data)
		if err != nil {
			var ye *yamlx.Error
			if !errors.As(err, &ye) {
				t.Fatalf("error %v is not positioned", err)
			}
			return
		}
		for _, target := range c.Targets("fallback") {
			x := target.External
			if x == nil {
				continue
			}
			if strings.Count(x.Repo, "/") != 1 || x.Path == "" || strings.HasPrefix(x.Path, "/") || x.Path == ".." || strings.HasPrefix(x.Path, "../") {
				t.Fatalf("bad external manifests %+v from valid config", x)
			}
		}
	})
}
