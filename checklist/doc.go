// Package checklist is prc's domain: the versioned YAML checklist (schema prc/v1), its strict
// loading with file:line:column errors, and the evaluation of a checklist against a repository
// snapshot into a Report. It knows nothing about HTTP or GitHub.
package checklist
