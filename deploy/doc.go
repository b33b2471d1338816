// Package deploy holds no Go code. The deploy/ folder keeps prc's deployment files: the GitHub
// App manifest, the Kubernetes manifests (SQLite and PostgreSQL variants) and a Compose file.
// Its tests hold those files to the code they configure: the settings app/config reads, the
// routes app/server serves, the events app/webhook handles, and the repository's Dockerfile.
package deploy
