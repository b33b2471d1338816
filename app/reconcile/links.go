package reconcile

import (
	"strings"

	"github.com/prchq/prc/checklist"
)

// evidenceLinks links evidence to files under base, and evidence from manifests kept in another
// repository (whose paths start with its name) to that repository's default branch on the
// same host; nil when base is unknown.
func evidenceLinks(base string, rep *checklist.Report) func(string, int) string {
	own := fileLinks(base)
	if own == nil || rep == nil || len(rep.Services) != 1 || rep.Services[0].ManifestsRepo == "" {
		return own
	}
	other := rep.Services[0].ManifestsRepo
	host := hostOf(base)
	if host == "" {
		return own
	}
	theirs := fileLinks(host + other + "/blob/HEAD/")
	return func(p string, line int) string {
		if rest, ok := strings.CutPrefix(p, other+"/"); ok {
			return theirs(rest, line)
		}
		return own(p, line)
	}
}

// hostOf is the web address of the host of a blob base such as
// https://github.com/acme/api/blob/main/, with its slash: https://github.com/.
func hostOf(base string) string {
	i := strings.LastIndex(base, "/blob/")
	if i < 0 {
		return ""
	}
	repoURL := base[:i]
	for range 2 {
		j := strings.LastIndex(repoURL, "/")
		if j < 0 {
			return ""
		}
		repoURL = repoURL[:j]
	}
	return repoURL + "/"
}

// inManifestsRepo reports whether an evidence path names a file of another repository that a
// service of rep keeps its manifests in: a check run can annotate only the repository's own files.
func inManifestsRepo(rep *checklist.Report, p string) bool {
	for _, s := range rep.Services {
		if s.ManifestsRepo != "" && strings.HasPrefix(p, s.ManifestsRepo+"/") {
			return true
		}
	}
	return false
}
