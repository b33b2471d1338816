// Package helmtpl renders Helm chart templates the way Helm's engine (helm.sh/helm/v3/pkg/engine,
// Apache-2.0, from which this is adapted) does without a cluster, but within limits: every loop
// iteration, template invocation and function call counts against a step budget and a deadline,
// all template output against a byte budget, and functions that could allocate without bound
// (repeat, indent, until, replace, serialisers...) are checked before they run. A hostile chart
// therefore ends in an error instead of hanging or exhausting memory.
package helmtpl
