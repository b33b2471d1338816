package ghclient_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/githubfake"
)

func TestCustomPropertiesRead(t *testing.T) {
	e := newEnv(t)
	e.fake.DefineCustomProperty(org, "lifecycle", "launching", "production")
	e.fake.DefineCustomProperty(org, "service-tier")
	e.fake.AddRepo(inst, org, "pay", nil, githubfake.RepoProperty("lifecycle", "launching"), githubfake.RepoProperty("service-tier", "critical"))
	c := e.client(t)
	tests := map[string]struct {
		repo string
		want map[string]string
	}{
		"set":   {repo: "pay", want: map[string]string{"lifecycle": "launching", "service-tier": "critical"}},
		"unset": {repo: repoN, want: map[string]string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.CustomProperties(bg, org, tc.repo)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CustomProperties = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if _, err := c.CustomProperties(bg, org, "nope"); !errors.Is(err, gh.ErrNotFound) {
		t.Errorf("a missing repository = %v, want ErrNotFound", err)
	}
}

func TestSetCustomPropertyNeedsThePermission(t *testing.T) {
	e := newEnv(t)
	e.fake.DefineCustomProperty(org, "lifecycle", "launching", "production")
	c := e.client(t)
	perms, err := c.InstallationPermissions(bg)
	if err != nil || perms["custom_properties"] != "" || perms["issues"] != "write" {
		t.Fatalf("permissions by default = %v, %v; want the app's own, without custom_properties", perms, err)
	}
	if err := c.SetCustomProperty(bg, org, repoN, "lifecycle", "production"); !errors.Is(err, gh.ErrNotPermitted) {
		t.Fatalf("set without the permission = %v, want ErrNotPermitted", err)
	}
	if got := e.fake.CustomProperties(org, repoN); len(got) != 0 {
		t.Fatalf("a refused write changed the values: %v", got)
	}

	e.fake.SetInstallationPermissions(inst, map[string]string{gh.PermCustomProperties: "write"})
	if perms, err := c.InstallationPermissions(bg); err != nil || perms[gh.PermCustomProperties] != "write" {
		t.Fatalf("permissions after the grant = %v, %v", perms, err)
	}
	steps := []struct{ value, wantErr string }{{"production", ""}, {"nonsense", "422"}, {"", ""}}
	for _, s := range steps {
		err := c.SetCustomProperty(bg, org, repoN, "lifecycle", s.value)
		if (err != nil) != (s.wantErr != "") {
			t.Fatalf("set %q = %v, want error %q", s.value, err, s.wantErr)
		}
	}
	if got := e.fake.CustomProperties(org, repoN); len(got) != 0 {
		t.Errorf("setting \"\" left %v, want the value unset", got)
	}
	if n := len(e.rec.requests("PATCH")); n != 4 {
		t.Errorf("%d PATCH requests, want 4 (one each, a refusal is not retried)", n)
	}
}
