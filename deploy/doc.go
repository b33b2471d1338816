// Package deploy holds no Go code. The deploy/ folder keeps prc's deployment files: the GitHub
// App manifest, the Kubernetes manifests (a kustomize base with sqlite and production overlays,
// alerts, dashboard and SLOs), a Compose file, the operator's runbook, the users' workflow and a
// load test. Its tests hold those files to the code they configure: the settings app/config
// reads, the routes app/server serves, the events app/webhook handles, the metrics prc exports,
// the repository's Dockerfile, and prc's own checklist run on this repository.
package deploy
