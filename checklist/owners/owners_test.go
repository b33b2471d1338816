package owners_test

import (
	"slices"
	"testing"

	"github.com/prchq/prc/checklist/owners"
	"github.com/prchq/prc/checklist/repo"
)

func TestCodeownersLastMatchWins(t *testing.T) {
	const file = `# Owners of acme/shop
*                    @acme/platform
/services/           @acme/backend
/services/api/       @acme/api @alice   # the API team
/services/api/docs/  @acme/writers
*.md                 @acme/docs
services/worker/**   @bob
/services/legacy/
apps/                @acme/apps
/infra/*             @carol
**/jobs              @acme/batch
\#odd                @dave
/svc-{a,b}/          @eve
`
	c := owners.ParseCodeowners([]byte(file))
	cases := map[string]struct {
		dir   string
		want  []string
		match bool
	}{
		"root":                 {".", []string{"@acme/platform"}, true},
		"empty root":           {"", []string{"@acme/platform"}, true},
		"anchored dir":         {"services/payments", []string{"@acme/backend"}, true},
		"later rule wins":      {"services/api", []string{"@acme/api", "@alice"}, true},
		"deeper later rule":    {"services/api/docs", []string{"@acme/writers"}, true},
		"below a rule":         {"services/api/internal", []string{"@acme/api", "@alice"}, true},
		"double star":          {"services/worker", []string{"@bob"}, true},
		"unowned":              {"services/legacy", nil, true},
		"unanchored dir":       {"deploy/apps", []string{"@acme/apps"}, true},
		"unanchored under":     {"deploy/apps/web", []string{"@acme/apps"}, true},
		"single star children": {"infra", []string{"@carol"}, true},
		"leading double star":  {"services/worker/jobs", []string{"@acme/batch"}, true},
		"not a prefix":         {"services-old", []string{"@acme/platform"}, true},
		"dot slash":            {"./services/payments/", []string{"@acme/backend"}, true},
		"escaped hash":         {"#odd", []string{"@dave"}, true},
		"braces are literal":   {"svc-{a,b}", []string{"@eve"}, true},
		"braces are no choice": {"svc-a", []string{"@acme/platform"}, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := c.Owners(tc.dir)
			if ok != tc.match || !slices.Equal(got, tc.want) {
				t.Errorf("Owners(%q) = %v, %v; want %v, %v", tc.dir, got, ok, tc.want, tc.match)
			}
		})
	}
}

func TestCodeownersWithoutCatchAll(t *testing.T) {
	c := owners.ParseCodeowners([]byte("/docs/ @acme/docs\n*.go @acme/gophers\n!/vendor/ @x\n/[ab]/ @y\n"))
	cases := map[string]struct {
		dir   string
		match bool
	}{
		"root is not docs":      {".", false},
		"other dir":             {"cmd", false},
		"extension is per file": {"services/api", false},
		"negation ignored":      {"vendor", false},
		"ranges ignored":        {"a", false},
		"docs":                  {"docs/guide", true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if _, ok := c.Owners(tc.dir); ok != tc.match {
				t.Errorf("Owners(%q) matched = %v, want %v", tc.dir, ok, tc.match)
			}
		})
	}
}

func TestCodeownersHostileHandles(t *testing.T) {
	cases := map[string]struct {
		line string
		want []string
	}{
		"markdown link":    {"* [@evil](https://evil.example)", nil},
		"link after name":  {"* @alice](https://evil.example)", nil},
		"html":             {"* @alice<img src=x>", nil},
		"email dropped":    {"* alice@example.com @acme/ops", []string{"@acme/ops"}},
		"no at":            {"* alice", nil},
		"nested team":      {"* @acme/ops/extra", nil},
		"team with dot":    {"* @acme/ops.example.com", nil},
		"double hyphen":    {"* @al--ice", nil},
		"trailing hyphen":  {"* @alice-", nil},
		"too long":         {"* @" + string(make40('a')), nil},
		"underscore login": {"* @al_ice", nil},
		"team underscore":  {"* @acme/site_reliability @Bob-2", []string{"@acme/site_reliability", "@Bob-2"}},
		"duplicates once":  {"* @alice @Alice", []string{"@alice"}},
		"unicode":          {"* @аlice", nil},
		"backticks":        {"* @`alice`", nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, _ := owners.ParseCodeowners([]byte(tc.line)).Owners(".")
			if !slices.Equal(got, tc.want) {
				t.Errorf("owners = %q, want %q", got, tc.want)
			}
		})
	}
}

func make40(c byte) []byte {
	b := make([]byte, 40)
	for i := range b {
		b[i] = c
	}
	return b
}

func TestCatalogOwner(t *testing.T) {
	cases := map[string]struct {
		yaml string
		want string
	}{
		"group":            {"kind: Component\nspec: {owner: group:payments}\n", "@acme/payments"},
		"group namespaced": {"kind: Component\nspec: {owner: 'group:default/payments'}\n", "@acme/payments"},
		"user":             {"kind: Component\nspec: {owner: user:alice}\n", "@alice"},
		"user namespaced":  {"kind: Component\nspec: {owner: user:default/alice}\n", "@alice"},
		"bare":             {"kind: Component\nspec: {owner: alice}\n", "@alice"},
		"kind upper case":  {"kind: Component\nspec: {owner: Group:payments}\n", "@acme/payments"},
		"other kind":       {"kind: Component\nspec: {owner: system:payments}\n", ""},
		"no owner":         {"kind: Component\nspec: {type: service}\n", ""},
		"hostile":          {"kind: Component\nspec: {owner: 'alice](https://evil.example)'}\n", ""},
		"hostile group":    {"kind: Component\nspec: {owner: 'group:ops <b>'}\n", ""},
		"component wins": {"kind: System\nspec: {owner: group:platform}\n---\nkind: Component\nspec: {owner: group:payments}\n",
			"@acme/payments"},
		"first with owner": {"kind: API\nspec: {owner: bob}\n---\nkind: Resource\nspec: {owner: carol}\n", "@bob"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := owners.CatalogOwner([]byte(tc.yaml), "acme")
			if err != nil || got != tc.want {
				t.Errorf("CatalogOwner = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := owners.CatalogOwner([]byte("kind: [\n"), "acme"); err == nil {
		t.Error("broken YAML accepted")
	}
}

func TestResolvePrecedence(t *testing.T) {
	cases := map[string]struct {
		files map[string]string
		dir   string
		want  []string
		src   owners.Source
	}{
		"github dir first": {map[string]string{".github/CODEOWNERS": "* @acme/a\n", "CODEOWNERS": "* @acme/b\n"}, ".",
			[]string{"@acme/a"}, owners.FromCodeowners},
		"root next": {map[string]string{"CODEOWNERS": "* @acme/b\n", "docs/CODEOWNERS": "* @acme/c\n"}, ".",
			[]string{"@acme/b"}, owners.FromCodeowners},
		"docs last": {map[string]string{"docs/CODEOWNERS": "* @acme/c\n"}, ".", []string{"@acme/c"}, owners.FromCodeowners},
		"only first file counts": {map[string]string{".github/CODEOWNERS": "/other/ @acme/a\n", "CODEOWNERS": "* @acme/b\n"}, ".",
			nil, owners.FromNowhere},
		"service path": {map[string]string{".github/CODEOWNERS": "* @acme/all\n/services/api/ @acme/api\n"}, "services/api",
			[]string{"@acme/api"}, owners.FromCodeowners},
		"catalog when no rule": {map[string]string{".github/CODEOWNERS": "/docs/ @acme/docs\n", "catalog-info.yaml": "kind: Component\nspec: {owner: group:shop}\n"}, ".",
			[]string{"@acme/shop"}, owners.FromCatalog},
		"catalog when unowned": {map[string]string{"CODEOWNERS": "* @acme/all\n/services/api/\n", "catalog-info.yaml": "spec: {owner: bob}\n"}, "services/api",
			[]string{"@bob"}, owners.FromCatalog},
		"service catalog first": {map[string]string{"services/api/catalog-info.yaml": "spec: {owner: group:api}\n", "catalog-info.yaml": "spec: {owner: group:shop}\n"}, "services/api",
			[]string{"@acme/api"}, owners.FromCatalog},
		"root catalog fallback": {map[string]string{"catalog-info.yaml": "spec: {owner: group:shop}\n"}, "services/api",
			[]string{"@acme/shop"}, owners.FromCatalog},
		"nothing": {map[string]string{"README.md": "hi"}, ".", nil, owners.FromNowhere},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := owners.Resolve(repo.NewMemory(tc.files), tc.dir, "acme")
			if !slices.Equal(got.Handles, tc.want) || got.Source != tc.src {
				t.Errorf("Resolve = %+v, want %v from %q", got, tc.want, tc.src)
			}
		})
	}
}

func TestResolveNamesBrokenCatalog(t *testing.T) {
	got := owners.Resolve(repo.NewMemory(map[string]string{"catalog-info.yaml": "spec: [\n"}), ".", "acme")
	if got.Handles != nil || got.Problem == "" {
		t.Errorf("Resolve = %+v, want no owners and a problem", got)
	}
}
