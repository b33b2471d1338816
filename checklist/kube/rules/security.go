package rules

import (
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
// pins an image whatever its tag; an image with unresolved placeholders (${IMAGE}) is judged
// only by a literal :latest tag, and images the deploy tool pins itself (skaffold artifacts,
// ko://, kustomize images: entries) are not judged.
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
	case strings.Contains(image, "$") || strings.Contains(image, "{{"):
		if !strings.Contains(image, "@") && strings.HasSuffix(image, ":latest") {
			return "uses the latest tag; pin a version or digest"
		}
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
