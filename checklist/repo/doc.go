// Package repo gives checks a read-only view of a repository at one revision: a sorted list of
// files and a way to read each one. A local directory and a GitHub tree both implement it, so the
// same checks run in `prc check` and in the GitHub App. The view never reaches outside its root.
package repo
