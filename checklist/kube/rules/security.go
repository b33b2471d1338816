package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
)

// nonRoot: every container and init container runs as non-root. Container settings override the
// pod's: a runAsUser decides (0 is root); otherwise runAsNonRoot must be true.
func nonRoot(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		ok := true
		for _, c := range w.Containers(true) {
			if msg := rootProblem(w.Pod, c.Spec); msg != "" {
				f.fail(w.ContainerEvidence(c, "%s", msg))
				ok = false
			}
		}
		if ok && len(w.Containers(true)) > 0 {
			f.pass(w.Evidence("every container runs as non-root"))
		}
	}
	return f.result()
}

func rootProblem(pod, container map[string]any) string {
	podSC, cSC := mapAt(pod, "securityContext"), mapAt(container, "securityContext")
	user, userSet := intAt(cSC, "runAsUser")
	if !userSet {
		user, userSet = intAt(podSC, "runAsUser")
	}
	if userSet {
		if user == 0 {
			return "runs as root (runAsUser: 0)"
		}
		return ""
	}
	nonRoot, set := cSC["runAsNonRoot"].(bool)
	if !set {
		nonRoot, _ = podSC["runAsNonRoot"].(bool)
	}
	if !nonRoot {
		return "may run as root; set securityContext.runAsNonRoot: true or a non-zero runAsUser"
	}
	return ""
}

// imagePinning: no container or init container uses the latest tag or no tag at all. A digest
// pins an image whatever its tag; unresolved placeholders (${IMAGE}) are not judged, nor images
// the deploy tool pins itself (skaffold artifacts, ko://, kustomize images: entries).
func imagePinning(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		ok := true
		for _, c := range w.Containers(true) {
			image, _ := c.Spec["image"].(string)
			if msg := imageProblem(image); msg != "" && !m.pinned(image) {
				f.fail(w.ContainerEvidence(c, "image %q %s", image, msg))
				ok = false
			}
		}
		if ok && len(w.Containers(true)) > 0 {
			f.pass(w.Evidence("every image is pinned to a tag or digest"))
		}
	}
	return f.result()
}

func imageProblem(image string) string {
	image = strings.TrimSpace(image)
	switch {
	case strings.Contains(image, "$"):
		return ""
	case image == "":
		return "is empty"
	case strings.Contains(image, "@"):
		return ""
	}
	name := image[strings.LastIndex(image, "/")+1:]
	i := strings.LastIndex(name, ":")
	switch {
	case i < 0 || i == len(name)-1:
		return "has no tag; pin a version or digest"
	case name[i+1:] == "latest":
		return "uses the latest tag; pin a version or digest"
	}
	return ""
}

var (
	secretNameRE   = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)`)
	notSecretRE    = regexp.MustCompile(`(?i)_(FILE|PATH|NAME|DIR|URL|REF)$`)
	urlCredentials = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:([^\s/@]+)@`)
)

// secrets: no env value of a secret-like name is literal, and no env or ConfigMap value holds
// credentials in a URL. Evidence never repeats the secret.
func secrets(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		before := len(f.failures)
		for _, c := range w.Containers(true) {
			for _, msg := range envSecrets(c.Spec) {
				f.fail(w.ContainerEvidence(c, "%s", msg))
			}
		}
		if len(f.failures) == before {
			f.pass(w.Evidence("no literal secrets in env"))
		}
	}
	for _, o := range m.Objects {
		if o.Kind != "ConfigMap" {
			continue
		}
		keys := sortedKeys(mapAt(o.Doc, "data"))
		bad := 0
		for _, k := range keys {
			if v, _ := o.Doc["data"].(map[string]any)[k].(string); hasURLCredentials(v) {
				f.fail(verdict.Evidence{Path: o.Path, Line: o.Locate("data", k), Message: fmt.Sprintf("ConfigMap/%s: data key %q contains credentials in a URL; move them to a Secret", o.Name, k)})
				bad++
			}
		}
		if bad == 0 {
			f.pass(verdict.Evidence{Path: o.Path, Line: o.Line, Message: fmt.Sprintf("ConfigMap/%s: no credentials in URLs", o.Name)})
		}
	}
	return f.result()
}

func envSecrets(container map[string]any) []string {
	var out []string
	for _, e := range listAt(container, "env") {
		env, _ := e.(map[string]any)
		name := str(env, "name")
		value, literal := env["value"].(string)
		if !literal || value == "" || has(env, "valueFrom") || isReference(value) {
			continue
		}
		switch {
		case secretNameRE.MatchString(name) && !notSecretRE.MatchString(name) && !isFlag(value):
			out = append(out, fmt.Sprintf("sets %s to a literal value; use valueFrom.secretKeyRef", name))
		case hasURLCredentials(value):
			out = append(out, fmt.Sprintf("env %s contains credentials in a URL; use valueFrom.secretKeyRef", name))
		}
	}
	return out
}

// hasURLCredentials finds scheme://user:password@ with a literal password (not $(VAR), ${VAR}
// or a <placeholder>).
func hasURLCredentials(s string) bool {
	for _, m := range urlCredentials.FindAllStringSubmatch(s, -1) {
		if !isReference(m[1]) && !strings.HasPrefix(m[1], "<") {
			return true
		}
	}
	return false
}

func isReference(v string) bool {
	return strings.HasPrefix(v, "$(") || strings.HasPrefix(v, "${") || strings.HasPrefix(v, "{{")
}

func isFlag(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "enabled", "disabled":
		return true
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
