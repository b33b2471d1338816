// Package kube loads a repository's Kubernetes objects as they would be deployed: raw YAML and
// JSON manifests, Helm charts rendered in memory with their default values, and kustomizations
// built in memory (the production overlay when overlays exist). It reads only through a
// repo.Snapshot, never the network or the disk, and bounds the time and memory a hostile chart,
// kustomization or YAML file can take; what cannot be loaded becomes a Problem, not an error.
package kube
