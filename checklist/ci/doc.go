// Package ci reads a repository's CI configuration into a Model: which CI systems are present,
// the commands their jobs run (with path and line), the actions and images they use, whether they
// run on pull or merge requests, and how GitHub Actions workflows declare permissions.
//
// It understands GitHub Actions (workflows and composite actions) and GitLab CI (jobs, includes,
// extends, rules) in depth, Google Cloud Build (cloudbuild*.yaml and the files Terraform
// google_cloudbuild_trigger resources name) and Tekton (Tasks, Pipelines and their runs under a
// tekton or .tekton folder), and CircleCI, Jenkins, Buildkite, Azure Pipelines, Travis CI, Drone
// and Bitbucket Pipelines best-effort.
//
// Scripts are read as shell with mvdan.cc/sh: each command line carries the calls it makes, at
// command position and through wrappers (sudo, env, npx, go run, uv run, bundle exec, docker
// run, sh -c), without the ones that only install or print. A Pattern matches those calls, so
// a tool that a loop or an argument merely names does not count. Calls of `make TARGET`, a
// package.json script, a repository shell script or skaffold are followed into the recipe,
// script or skaffold.yaml commands they run, under bounds on depth, bytes read and commands kept.
//
// Everything is read through a repo.Snapshot. Malformed or oversized files become Problems, and
// YAML aliases are walked under a budget, so hostile input costs bounded time and never panics.
package ci
