// Package rules implements the rules of the `kubernetes` check over the objects kube.Load finds:
// resource requests and limits, autoscaling and redundancy, probes, graceful shutdown, rollout
// safety, disruption budgets, zone spreading, non-root containers, pinned images, literal secrets
// and progressive delivery. Each rule returns passing and failing evidence; turning that into a
// status (with kube.Set problems) is the caller's job.
package rules
