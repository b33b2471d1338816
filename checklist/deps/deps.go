package deps

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
)

// Ecosystem names a package ecosystem; it decides how names compare.
type Ecosystem string

// The ecosystems the package reads.
const (
	Go       Ecosystem = "go"
	NPM      Ecosystem = "npm"
	Python   Ecosystem = "python"
	Maven    Ecosystem = "maven"
	Ruby     Ecosystem = "ruby"
	Cargo    Ecosystem = "cargo"
	Composer Ecosystem = "composer"
	NuGet    Ecosystem = "nuget"
)

// Dependency is one declared dependency. Maven and Gradle names are "groupId:artifactId".
type Dependency struct {
	Name      string
	Ecosystem Ecosystem
	Path      string
	Line      int
}

// Set is every dependency found in a repository, in path order and then file order.
type Set struct {
	Dependencies []Dependency
	// Manifests lists the manifest files read.
	Manifests []string
	// Problems lists manifests that could not be read or parsed.
	Problems []verdict.Evidence
}

// reader extracts dependencies from one manifest's content.
type reader func(path string, data []byte) ([]Dependency, error)

// Parse reads every manifest of snap. It never fails; unreadable manifests become Problems.
func Parse(snap repo.Snapshot) *Set {
	s := &Set{}
	for _, f := range snap.Files() {
		dir, base := path.Split(f.Path)
		read := readerFor(dir, base)
		if read == nil || skippedDir(dir) {
			continue
		}
		s.Manifests = append(s.Manifests, f.Path)
		if f.Size > repo.MaxFileSize {
			s.problem(f.Path, 0, "skipped: larger than 1 MiB")
			continue
		}
		data, err := snap.ReadFile(f.Path)
		if err != nil {
			s.problem(f.Path, 0, err.Error())
			continue
		}
		found, err := read(f.Path, data)
		if err != nil {
			s.problem(f.Path, 0, err.Error())
		}
		s.Dependencies = append(s.Dependencies, found...)
	}
	return s
}

func (s *Set) problem(path string, line int, msg string) {
	s.Problems = append(s.Problems, verdict.Evidence{Path: path, Line: line, Message: msg})
}

// readerFor picks the reader for a manifest by its name, or nil.
func readerFor(dir, base string) reader {
	switch base {
	case "go.mod":
		return readGoMod
	case "package.json":
		return readPackageJSON
	case "composer.json":
		return readComposer
	case "pyproject.toml":
		return readPyproject
	case "Pipfile":
		return readPipfile
	case "pom.xml":
		return readPom
	case "build.gradle", "build.gradle.kts":
		return readGradle
	case "Gemfile":
		return readGemfile
	case "Cargo.toml":
		return readCargo
	case "packages.config":
		return readPackagesConfig
	}
	return readerBySuffix(dir, base)
}

func readerBySuffix(dir, base string) reader {
	switch ext := path.Ext(base); {
	case isRequirements(dir, base):
		return readRequirements
	case strings.HasSuffix(base, ".versions.toml"):
		return readVersionCatalog
	case ext == ".gemspec":
		return readGemspec
	case ext == ".csproj" || ext == ".fsproj" || ext == ".vbproj":
		return readProjectFile
	}
	return nil
}

// isRequirements matches requirements*.txt and requirements*.in, and any .txt in a
// requirements/ folder.
func isRequirements(dir, base string) bool {
	ext := path.Ext(base)
	if strings.HasPrefix(base, "requirements") && (ext == ".txt" || ext == ".in") {
		return true
	}
	return ext == ".txt" && path.Base(strings.TrimSuffix(dir, "/")) == "requirements"
}

// skippedDir reports whether dir lies in vendored, installed or test-fixture code.
func skippedDir(dir string) bool {
	for _, part := range strings.Split(dir, "/") {
		if part == "vendor" || part == "node_modules" || part == "testdata" {
			return true
		}
	}
	return false
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func wrap(path string, err error) error {
	return fmt.Errorf("parse %s: %w", path, err)
}
