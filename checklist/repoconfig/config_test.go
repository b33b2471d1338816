package repoconfig_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/checklist/repoconfig"
	"github.com/prchq/prc/checklist/yamlx"
)

const monorepo = `tier: critical
waivers:
  - item: cicd.image-scan
    reason: scanner rollout in Q1
    expires: 2027-01-31
    approvedBy: sre-lead
services:
  - name: api
    path: services/api
    manifests: [deploy/api]
  - name: worker
    path: ./services/worker/
    tier: standard
    waivers:
      - item: capacity.autoscaling
        reason: queue-driven, fixed size
        expires: 2026-12-01
        approvedBy: alice
`

func TestTargetsMonorepo(t *testing.T) {
	c, err := repoconfig.Parse(".github/prc.yml", []byte(monorepo))
	if err != nil {
		t.Fatal(err)
	}
	got := c.Targets("repo")
	if len(got) != 2 {
		t.Fatalf("targets = %+v", got)
	}
	api, worker := got[0], got[1]
	if api.Name != "api" || api.Path != "services/api" || api.Tier != "critical" || api.Manifests[0] != "deploy/api" || len(api.Waivers) != 1 {
		t.Errorf("api = %+v", api)
	}
	if worker.Path != "services/worker" || worker.Tier != "standard" || len(worker.Waivers) != 2 {
		t.Errorf("worker = %+v", worker)
	}
}

func TestTargetsSingle(t *testing.T) {
	var none *repoconfig.Config
	if got := none.Targets("shop"); len(got) != 1 || got[0].Name != "shop" || got[0].Path != "." {
		t.Errorf("nil config targets = %+v", got)
	}
	c, err := repoconfig.Parse("prc.yml", []byte("service: checkout\ntier: experimental\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Targets("shop"); got[0].Name != "checkout" || got[0].Tier != "experimental" {
		t.Errorf("targets = %+v", got)
	}
}

func TestWaiverActive(t *testing.T) {
	w := repoconfig.Waiver{Expires: "2026-12-01"}
	if !w.Active(time.Date(2026, 12, 1, 23, 59, 0, 0, time.UTC)) {
		t.Error("a waiver applies through its expiry day")
	}
	if w.Active(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) {
		t.Error("a waiver stops applying after its expiry day")
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct{ doc, want string }{
		"unknown field":      {"servce: api\n", `prc.yml:1:1: unknown field "servce"`},
		"unknown nested":     {"services:\n  - name: a\n    path: a\n    owner: me\n", `prc.yml:4:5: unknown field "owner"`},
		"bad tier":           {"tier: gold\n", `prc.yml:1:7: unknown tier "gold"`},
		"both forms":         {"service: a\nservices:\n  - name: b\n    path: b\n", `prc.yml:3:3: use either service or services`},
		"path escapes":       {"services:\n  - name: a\n    path: ../other\n", `prc.yml:3:11: service "a": path: "../other" leaves the repository`},
		"absolute manifests": {"manifests: [/etc]\n", `prc.yml:1:13: manifests: "/etc" must be relative`},
		"duplicate service":  {"services:\n  - {name: a, path: a}\n  - {name: a, path: b}\n", `prc.yml:3:12: service "a": duplicate service name`},
		"waiver no reason":   {"waivers:\n  - {item: cicd.ci, expires: 2026-01-01, approvedBy: x}\n", `prc.yml:2:5: waiver: reason is required`},
		"waiver bad date":    {"waivers:\n  - {item: cicd.ci, reason: r, expires: soon, approvedBy: x}\n", `prc.yml:2:41: waiver: expires must be a date like 2026-12-31, got "soon"`},
		"waiver bad item":    {"waivers:\n  - {item: CI, reason: r, expires: 2026-01-01, approvedBy: x}\n", `prc.yml:2:12: waiver: item must be an item id`},
		"not a mapping":      {"- a\n- b\n", `prc.yml:1:1: cannot unmarshal`},
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

func FuzzParse(f *testing.F) {
	f.Add([]byte(monorepo))
	f.Add([]byte("service: a\nwaivers: [{item: a.b, reason: r, expires: 2026-01-01, approvedBy: x}]\n"))
	f.Add([]byte("a: &a [*a, *a, *a]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"))
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
			if target.Name == "" || strings.HasPrefix(target.Path, "..") || strings.HasPrefix(target.Path, "/") {
				t.Fatalf("bad target %+v from valid config", target)
			}
		}
	})
}
