package kube

import (
	"path"
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// ChartTemplate reports whether p is a file in the templates folder of a Helm chart of files (a
// sorted list): such files are Go templates, never parsed as YAML; Load sees them rendered.
func ChartTemplate(files []repo.File, p string) bool {
	rest, dir := p, ""
	for {
		if strings.HasPrefix(rest, "templates/") {
			if _, ok := repo.Lookup(files, path.Join(dir, "Chart.yaml")); ok {
				return true
			}
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return false
		}
		dir, rest = path.Join(dir, rest[:i]), rest[i+1:]
	}
}
