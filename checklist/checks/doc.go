// Package checks compiles the `check:` block of an auto item into something that can be
// evaluated against a repository snapshot, and implements every check type: files, content, ci,
// kubernetes, dependency, cel, and the anyOf/allOf combinators. Expensive analyses of the
// repository (rendered manifests, parsed CI configuration, dependency lists) are computed once per
// Env and shared by every item.
package checks
