package owners

import (
	"errors"
	"path"

	"github.com/prchq/prc/checklist/repo"
)

// Source says where a service's owners were found.
type Source string

// Where owners come from.
const (
	FromCodeowners Source = "codeowners"
	FromCatalog    Source = "catalog-info"
	FromNowhere    Source = ""
)

// Resolved is a service's owners and where they were found.
type Resolved struct {
	Handles []string
	Source  Source
	// Problem describes a file that could not be read, "" when none.
	Problem string
}

// Resolve finds the owners of the service at dir (the repository root for "." or "") of a
// repository owned by org: the last CODEOWNERS rule matching dir, else spec.owner of the
// catalog-info.yaml at dir, else the one at the root. Files that are missing or unreadable are
// skipped; an unreadable one is named in Problem.
func Resolve(snap repo.Snapshot, dir, org string) Resolved {
	var res Resolved
	for _, p := range CodeownersPaths {
		data, err := snap.ReadFile(p)
		if err != nil {
			res.note(p, err)
			continue
		}
		if hs, ok := ParseCodeowners(data).Owners(dir); ok && len(hs) > 0 {
			res.Handles, res.Source = hs, FromCodeowners
			return res
		}
		break
	}
	for _, p := range catalogPaths(dir) {
		data, err := snap.ReadFile(p)
		if err != nil {
			res.note(p, err)
			continue
		}
		h, err := CatalogOwner(data, org)
		if err != nil {
			res.note(p, err)
		}
		if h != "" {
			res.Handles, res.Source = []string{h}, FromCatalog
		}
		return res
	}
	return res
}

func (r *Resolved) note(p string, err error) {
	if !errors.Is(err, repo.ErrNotFound) && r.Problem == "" {
		r.Problem = p + ": " + err.Error()
	}
}

func catalogPaths(dir string) []string {
	clean := path.Clean("/" + dir)[1:]
	if clean == "" {
		return []string{CatalogFile}
	}
	return []string{path.Join(clean, CatalogFile), CatalogFile}
}
