package ghclient_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/githubfake"
)

// TestEnsureLabel: ensuring a label reads nothing; it creates the label, leaves an existing one
// as it is, and sends nothing the second time for the same repository.
func TestEnsureLabel(t *testing.T) {
	tests := map[string]struct {
		existing  bool
		wantColor string
	}{
		"missing is created":     {wantColor: "0e8a16"},
		"existing is left alone": {existing: true, wantColor: "ededed"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			if tc.existing {
				n := e.fake.CreateIssueAs("alice", org, repoN, "T", "")
				e.fake.AddLabelToIssue(org, repoN, n, "prc")
			}
			c := e.client(t)
			for range 2 {
				if err := c.EnsureLabel(bg, org, repoN, "prc", "0e8a16", "Production readiness"); err != nil {
					t.Fatal(err)
				}
			}
			labels := e.fake.RepoLabels(org, repoN)
			if len(labels) != 1 || labels[0].Name != "prc" || labels[0].Color != tc.wantColor {
				t.Errorf("labels %+v", labels)
			}
			if n := len(e.rec.requests("POST")); n != 1 {
				t.Errorf("sent %d POSTs for two ensures, want 1", n)
			}
			if n := len(e.rec.requests("GET")); n != 0 {
				t.Errorf("sent %d GETs, want none", n)
			}
		})
	}
}

func TestAddAndRemoveLabel(t *testing.T) {
	e := newEnv(t)
	n := e.fake.CreateIssueAs("alice", org, repoN, "T", "", "prc")
	c := e.client(t)
	steps := []struct {
		name   string
		do     func() error
		labels []string
	}{
		{"add", func() error { return c.AddLabel(bg, org, repoN, n, "needs review") }, []string{"prc", "needs review"}},
		{"remove", func() error { return c.RemoveLabel(bg, org, repoN, n, "needs review") }, []string{"prc"}},
		{"remove absent", func() error { return c.RemoveLabel(bg, org, repoN, n, "launch") }, []string{"prc"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			if got := e.fake.Labels(org, repoN, n); !slices.Equal(got, s.labels) {
				t.Errorf("labels %v, want %v", got, s.labels)
			}
		})
	}
	if err := c.AddLabel(bg, org, repoN, 999, "x"); !errors.Is(err, gh.ErrNotFound) {
		t.Errorf("label a missing issue: %v, want ErrNotFound", err)
	}
}

func TestPermission(t *testing.T) {
	e := newEnv(t)
	e.fake.AddRepo(inst, org, "secret", nil, githubfake.RepoPrivate())
	for _, role := range []string{"admin", "maintain", "write", "triage", "read"} {
		e.fake.SetPermission(org, repoN, role+"-user", role)
	}
	c := e.client(t)
	tests := map[string]struct {
		repo, user string
		want       string
	}{
		"admin":                    {repoN, "admin-user", gh.PermAdmin},
		"maintain":                 {repoN, "maintain-user", gh.PermMaintain},
		"write":                    {repoN, "write-user", gh.PermWrite},
		"triage":                   {repoN, "triage-user", gh.PermTriage},
		"read":                     {repoN, "read-user", gh.PermRead},
		"stranger on public repo":  {repoN, "mallory", gh.PermRead},
		"stranger on private repo": {"secret", "mallory", gh.PermNone},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.Permission(bg, org, tc.repo, tc.user)
			if err != nil || got != tc.want {
				t.Errorf("Permission = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
