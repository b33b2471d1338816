package main

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// describeCheck renders a `check:` mapping for people: one sentence per check, combinators as
// indented lists. It reads the checklist's own text, so it describes exactly what was written.
func describeCheck(n *yaml.Node) []string {
	keys := yamlx.Keys(n)
	if len(keys) != 1 {
		return []string{flow(n)}
	}
	kind, spec := keys[0].Value, n.Content[1]
	switch kind {
	case "anyOf", "allOf":
		head := map[string]string{"anyOf": "Passes when any one of these passes:", "allOf": "Passes when none of these fails and one passes:"}[kind]
		out := []string{head}
		for _, c := range seq(spec) {
			for i, line := range describeCheck(c) {
				out = append(out, map[bool]string{true: "- ", false: "  "}[i == 0]+line)
			}
		}
		return out
	}
	if describe, ok := leafDescriptions[kind]; ok {
		return strings.Split(describe(spec)+scopeNote(spec), "\n")
	}
	return []string{kind + ": " + flow(spec)}
}

// leafDescriptions says in a sentence what each check type verifies, from its fields.
var leafDescriptions = map[string]func(n *yaml.Node) string{
	"files": func(n *yaml.Node) string {
		s := "A file matches one of " + list(n, "any")
		if v := field(n, "minLines"); v != "" {
			s += ", with at least " + v + " non-blank lines"
		}
		return s + "."
	},
	"content": func(n *yaml.Node) string {
		what := "Some file matching " + list(n, "files") + " contains"
		if field(n, "absent") == "true" {
			what = "No file matching " + list(n, "files") + " contains"
		}
		return fmt.Sprintf("%s the regular expression %s%s.", what, field(n, "matches"), about(n))
	},
	"ci": func(n *yaml.Node) string {
		switch {
		case field(n, "trigger") != "":
			return "Some CI configuration runs on " + field(n, "trigger") + " (pull or merge requests)."
		case field(n, "permissions") != "":
			return "Every GitHub Actions workflow declares permissions (n/a without workflows)."
		}
		var parts []string
		if l := list(n, "commands"); l != "" {
			parts = append(parts, "runs a command matching "+l)
		}
		if l := list(n, "uses"); l != "" {
			parts = append(parts, "uses an action matching "+l)
		}
		return "A CI step " + strings.Join(parts, " or ") + about(n) + "."
	},
	"kubernetes": func(n *yaml.Node) string {
		return "The Kubernetes rule " + field(n, "rule") + " holds for the workloads as they would be deployed (raw manifests, rendered charts, built overlays)."
	},
	"dependency": func(n *yaml.Node) string {
		return "The service depends on one of " + list(n, "any") + about(n) + " (go.mod, package.json, Python, Maven, Gradle, Gemfile, Cargo.toml)."
	},
	"cel": describeCEL,
	"dockerfile": func(n *yaml.Node) string {
		return "The final stage of every Dockerfile runs as a " + field(n, "user") + " user."
	},
}

func describeCEL(n *yaml.Node) string {
	sel := yamlx.Get(n, "select")
	var from []string
	if l := list(sel, "kinds"); l != "" {
		from = append(from, "Kubernetes objects of kind "+l)
	}
	if l := list(sel, "files"); l != "" {
		f := "documents in files matching " + l
		if m := field(sel, "matching"); m != "" {
			f += " whose text matches " + m
		}
		from = append(from, f)
	}
	s := "A CEL expression judges " + strings.Join(from, " and ") + about(n) + " (na when none is selected):"
	if w := field(n, "where"); w != "" {
		s += "\n  where: " + oneLine(w)
	}
	return s + "\n  expr:  " + oneLine(field(n, "expr"))
}

func scopeNote(n *yaml.Node) string {
	if field(n, "scope") == "repository" {
		return " Looks at the whole repository, not only the service's folder."
	}
	return ""
}

func about(n *yaml.Node) string {
	if m := field(n, "message"); m != "" {
		return " (" + m + ")"
	}
	return ""
}

func field(n *yaml.Node, key string) string {
	v := yamlx.Get(n, key)
	if v == nil {
		return ""
	}
	if v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return flow(v)
}

func list(n *yaml.Node, key string) string {
	v := yamlx.Get(n, key)
	if v == nil || v.Kind != yaml.SequenceNode {
		return field(n, key)
	}
	items := make([]string, len(v.Content))
	for i, c := range v.Content {
		items[i] = c.Value
	}
	return strings.Join(items, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// flow renders a node as one line of YAML.
func flow(n *yaml.Node) string {
	c := *n
	c.Style = yaml.FlowStyle
	out, err := yaml.Marshal(&c)
	if err != nil {
		return n.Value
	}
	return strings.TrimSpace(string(out))
}
