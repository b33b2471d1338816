// Package deps finds the dependencies a repository declares in its manifests, anywhere in the
// tree (monorepos included) except vendored, installed and test-fixture folders: go.mod,
// package.json, composer.json, pyproject.toml, Pipfile, requirements*.txt, pom.xml,
// build.gradle(.kts), Gradle version catalogs, .NET project files, Gemfile and gemspecs, and
// Cargo.toml. Each dependency keeps the path and line that declares it.
//
// Parsing is best-effort and bounded: malformed JSON or XML manifests and files over
// repo.MaxFileSize become Problems, never panics. TOML is read with a small line-based reader
// that understands the tables and arrays manifests use, so that every dependency keeps its line.
package deps
