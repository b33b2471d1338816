package owners_test

import (
	"testing"

	"github.com/prchq/prc/checklist/owners"
)

// FuzzOwners: whatever a CODEOWNERS or catalog-info.yaml holds, parsing does not panic and only
// plain handles come out.
func FuzzOwners(f *testing.F) {
	f.Add("* @acme/a\n/services/ @b # c\n", "services/api", "spec: {owner: group:x}\n")
	f.Add("\\#x [@e](http://x) **/y/** @c\n", "y/z", "kind: Component\nspec: {owner: 'user:default/e'}\n---\n")
	f.Fuzz(func(t *testing.T, codeowners, dir, catalog string) {
		hs, _ := owners.ParseCodeowners([]byte(codeowners)).Owners(dir)
		h, _ := owners.CatalogOwner([]byte(catalog), "acme")
		if h != "" {
			hs = append(hs, h)
		}
		for _, h := range hs {
			if !owners.ValidHandle(h) {
				t.Fatalf("handle %q is not plain", h)
			}
		}
	})
}
