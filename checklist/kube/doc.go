// Package kube loads a repository's Kubernetes objects as they would be deployed. It reads what
// deploy tools name (skaffold, Argo CD, Flux, helmfile), renders Helm charts in memory (with
// production values when present), builds kustomizations in memory (the production overlay when
// overlays exist; Components only through the overlays that list them) and reads raw YAML and
// JSON manifests, outside test and example folders. An object defined in several places is kept
// once, from the most deployment-like source (Set.Duplicates lists the rest), and every object
// names its deployment unit and the file and line a person edits. It reads only through a
// repo.Snapshot, never the network or the disk, and bounds the time and memory a hostile chart,
// kustomization or YAML file can take; what cannot be loaded becomes a Problem, not an error.
package kube
