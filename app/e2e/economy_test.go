package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/app/store/storetest"
)

// TestAbsentOrgFilesAreAskedForOnce: with no .github repository in the organisation, six new
// repositories in a row ask GitHub for each org file once, not once per evaluation.
func TestAbsentOrgFilesAreAskedForOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		for k := range 6 {
			r := e.repo(fmt.Sprintf("eco-%d", k), map[string]string{"README.md": "# eco\n"})
			e.deliver("repository", e.payload("repository/created", r))
			e.onePRCIssue(r)
		}
		asked := map[string]int{}
		for path, n := range e.fake.Requests().ByPath {
			if strings.HasPrefix(path, "GET /repos/acme/.github/") {
				asked[path] += n
			}
		}
		if len(asked) == 0 {
			t.Fatal("the org's .github repository was never asked about")
		}
		for path, n := range asked {
			if n != 1 {
				t.Errorf("%s asked %d times, want once", path, n)
			}
		}
		t.Logf("%s: org lookups for 6 evaluations: %v", engine, asked)
	})
}
