// Package rules implements the rules of the `kubernetes` check over the objects kube.Load finds:
// resource requests and limits, autoscaling and redundancy, probes, graceful shutdown, rollout
// safety, disruption budgets, zone spreading, non-root and unprivileged containers, pinned
// images, literal secrets and progressive delivery. A serving workload has a container declaring
// ports or a Service selecting its pods, and an autoscaler, disruption budget or Service counts
// for a workload only when both belong to the same deployment unit (kube.Object.Unit). Each rule
// returns passing and failing evidence; turning that into a status (with kube.Set problems) is
// the caller's job.
package rules
