package kube

import (
	"path"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/repo"
)

// inventory classifies a snapshot's files once: chart directories, kustomization directories
// and files that could be manifests.
type inventory struct {
	files      []repo.File
	charts     map[string]bool   // directory → has Chart.yaml
	kusts      map[string]string // directory → its kustomization file
	candidates []repo.File       // .yaml, .yml and likely .json manifests
	skaffolds  []string          // skaffold configuration files
	helmfiles  []string          // helmfile configuration files
}

var kustomizationNames = map[string]bool{"kustomization.yaml": true, "kustomization.yml": true, "Kustomization": true}

// skippedDirs hold YAML that is never Kubernetes manifests (CI configuration).
var skippedDirs = []string{".github/", ".gitlab/", ".circleci/", ".buildkite/"}

var skippedNames = map[string]bool{
	"skaffold.yaml": true, "skaffold.yml": true, "helmfile.yaml": true, "helmfile.yml": true,
	".gitlab-ci.yml": true, "pnpm-lock.yaml": true, ".pre-commit-config.yaml": true, "mkdocs.yml": true,
	"package.json": true, "package-lock.json": true, "composer.json": true, "tsconfig.json": true,
}

// foreignDirs hold code and data that are not the service's own deployment: vendored
// dependencies and test fixtures.
var foreignDirs = map[string]bool{"vendor": true, "node_modules": true, "testdata": true, "third_party": true}

// foreign reports whether a path lies under a foreign folder.
func foreign(p string) bool {
	for {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return false
		}
		if foreignDirs[p[:i]] {
			return true
		}
		p = p[i+1:]
	}
}

// notServiceDirs hold tests, examples and tooling: no deployment, unless prc.yml or a deploy
// tool names something inside them.
var notServiceDirs = map[string]bool{"test": true, "tests": true, "e2e": true, "examples": true, "samples": true, "hack": true}

// notService reports whether p lies in a folder of notServiceDirs below scope.
func notService(p, scope string) bool {
	if scope != "" {
		p = strings.TrimPrefix(strings.TrimPrefix(p, scope), "/")
	}
	for {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return false
		}
		if notServiceDirs[p[:i]] {
			return true
		}
		p = p[i+1:]
	}
}

func scan(files []repo.File) *inventory {
	inv := &inventory{files: files, charts: map[string]bool{}, kusts: map[string]string{}}
	for _, f := range files {
		if foreign(f.Path) {
			continue
		}
		dir, base := splitPath(f.Path)
		switch {
		case base == "Chart.yaml":
			inv.charts[dir] = true
		case kustomizationNames[base]:
			if _, dup := inv.kusts[dir]; !dup {
				inv.kusts[dir] = f.Path
			}
		case base == "skaffold.yaml" || base == "skaffold.yml":
			inv.skaffolds = append(inv.skaffolds, f.Path)
		case base == "helmfile.yaml" || base == "helmfile.yml" || isHelmfileD(dir, base):
			inv.helmfiles = append(inv.helmfiles, f.Path)
			continue // not a manifest
		}
		if isCandidate(f.Path, base) {
			inv.candidates = append(inv.candidates, f)
		}
	}
	return inv
}

// isHelmfileD reports whether a file is one of the helmfiles of a helmfile.d folder.
func isHelmfileD(dir, base string) bool {
	_, last := splitPath(dir)
	return last == "helmfile.d" && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml"))
}

func splitPath(p string) (dir, base string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", p
	}
	return p[:i], p[i+1:]
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func isCandidate(p, base string) bool {
	if skippedNames[base] || strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose.") {
		return false
	}
	for _, d := range skippedDirs {
		if strings.HasPrefix(p, d) {
			return false
		}
	}
	switch {
	case hasSuffixFold(base, ".yaml"), hasSuffixFold(base, ".yml"):
		return true
	case hasSuffixFold(base, ".json"):
		return looksLikeManifestPath(p)
	}
	return false
}

// manifestDirs are folder names under which JSON files are worth reading as manifests; other JSON
// (package metadata, dashboards, fixtures) is not read at all.
var manifestDirs = map[string]bool{
	"k8s": true, "kube": true, "kubernetes": true, "manifests": true, "manifest": true, "deploy": true,
	"deployment": true, "deployments": true, "kustomize": true, "helm": true, "openshift": true,
	"gitops": true, "argocd": true, "flux": true, "cluster": true, "clusters": true, "infra": true, "ops": true,
}

func looksLikeManifestPath(p string) bool {
	lower := strings.ToLower(p)
	dir, base := splitPath(lower)
	for dir != "" {
		seg, rest, _ := strings.Cut(dir, "/")
		if manifestDirs[seg] {
			return true
		}
		dir = rest
	}
	for _, hint := range []string{"k8s", "kube", "manifest", "deployment"} {
		if strings.Contains(base, hint) {
			return true
		}
	}
	return false
}

// under reports whether p is dir or inside it; the empty dir is the repository root.
func under(p, dir string) bool {
	return dir == "" || p == dir || strings.HasPrefix(p, dir+"/")
}

// owningChart returns the outermost chart directory containing p (a file or directory).
func (inv *inventory) owningChart(p string) (string, bool) {
	found, ok := "", false
	for d := p; ; d = parentDir(d) {
		if inv.charts[d] {
			found, ok = d, true
		}
		if d == "" {
			return found, ok
		}
	}
}

func parentDir(p string) string {
	if p == "" {
		return ""
	}
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// topCharts lists chart directories under scope that are not inside another chart.
func (inv *inventory) topCharts(scope string) []string {
	var out []string
	for dir := range inv.charts {
		if !under(dir, scope) {
			continue
		}
		if top, _ := inv.owningChart(dir); top == dir {
			out = append(out, dir)
		}
	}
	sort.Strings(out)
	return out
}

// filesUnder lists the files inside dir.
func (inv *inventory) filesUnder(dir string) []repo.File {
	if dir == "" {
		return inv.files
	}
	prefix := dir + "/"
	lo := sort.Search(len(inv.files), func(i int) bool { return inv.files[i].Path >= prefix })
	hi := lo
	for hi < len(inv.files) && strings.HasPrefix(inv.files[hi].Path, prefix) {
		hi++
	}
	return inv.files[lo:hi]
}

// exists reports whether p is a file or a directory of the snapshot.
func (inv *inventory) exists(p string) bool {
	if _, ok := repo.Lookup(inv.files, p); ok {
		return true
	}
	return len(inv.filesUnder(p)) > 0
}

// isFile reports whether p is a file of the snapshot.
func (inv *inventory) isFile(p string) bool {
	_, ok := repo.Lookup(inv.files, p)
	return ok
}
