package kube

import (
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// ChartTemplate reports whether p is a file in the templates folder of a Helm chart of files (a
// sorted list): such files are Go templates, never parsed as YAML; Load sees them rendered.
func ChartTemplate(files []repo.File, p string) bool {
	for i := 0; i < len(p); {
		if strings.HasPrefix(p[i:], "templates/") {
			if _, ok := repo.Lookup(files, p[:i]+"Chart.yaml"); ok {
				return true
			}
		}
		j := strings.IndexByte(p[i:], '/')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}
