package checks

import (
	"strings"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/kube/rules"
	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// kubernetesSpec is `kubernetes: {rule: NAME}`: one of the rules of package kube/rules, judged
// over the objects the service deploys.
type kubernetesSpec struct {
	Rule string `yaml:"rule"`
}

type kubernetesCheck struct {
	rule rules.Rule
}

func compileKubernetes(file string, n *yaml.Node) (Check, error) {
	var s kubernetesSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	r, ok := rules.Lookup(s.Rule)
	if !ok {
		at := yamlx.Get(n, "rule")
		if at == nil {
			at = n
		}
		return nil, yamlx.At(file, at, "", "unknown kubernetes rule %q (want one of %s)", s.Rule, strings.Join(rules.Names(), ", "))
	}
	return kubernetesCheck{rule: r}, nil
}

// Kube returns the Kubernetes objects of the service, loaded once per Env. Files are read through
// the Env, so manifests other checks also read are read once; manifests set by WithManifests
// are read from there.
func (e *Env) Kube() *kube.Set {
	return e.Memo("kube", func() any {
		if e.unreadable != nil {
			return &kube.Set{Problems: []verdict.Evidence{*e.unreadable}, BuiltImages: map[string]bool{}}
		}
		var snap repo.Snapshot = envSnapshot{e}
		if e.manifests != nil {
			snap = e.manifests
		}
		return kube.Load(e.Context(), snap, e.ManifestRoots())
	}).(*kube.Set)
}

func (e *Env) kubeModel() *rules.Model {
	return e.Memo("kube.model", func() any { return rules.NewModel(e.Kube()) }).(*rules.Model)
}

// Evaluate judges the rule. A failure wins over manifests that could not be loaded; those
// problems otherwise make the result an error when they might have held what the rule reads.
func (c kubernetesCheck) Evaluate(env *Env) verdict.Outcome {
	passes, failures := c.rule(env.kubeModel())
	return verdict.Resolve(passes, failures, env.kubeProblemsFor(kubeRuleKinds))
}
