// Package ci reads a repository's CI configuration into a Model: which CI systems are present,
// the commands their jobs run (with path and line), the actions and images they use, whether they
// run on pull or merge requests, and how GitHub Actions workflows declare permissions.
//
// It understands GitHub Actions (workflows and composite actions) and GitLab CI (jobs, includes,
// extends, rules) in depth, and CircleCI, Jenkins, Buildkite, Azure Pipelines, Travis CI, Drone and
// Bitbucket Pipelines best-effort. Commands that call `make TARGET` or a package.json script
// (`npm run X`, `yarn X`, `pnpm X`) are followed into the Makefile recipe or the script text.
//
// Everything is read through a repo.Snapshot. Malformed or oversized files become Problems, and
// YAML aliases are walked under a budget, so hostile input costs bounded time and never panics.
package ci
