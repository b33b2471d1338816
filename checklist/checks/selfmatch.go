package checks

import (
	"bytes"
	"regexp"
)

var (
	// checklistFileRE finds the top-level apiVersion of a prc checklist written as YAML.
	checklistFileRE = regexp.MustCompile(`(?m)^["']?apiVersion["']?:\s*["']?prc/v1["']?\s*(#.*)?$`)
	// checklistJSONRE finds it in a checklist written as JSON.
	checklistJSONRE = regexp.MustCompile(`"apiVersion"\s*:\s*"prc/v1"`)
)

// isChecklistFile reports whether data is a prc checklist (apiVersion: prc/v1), in YAML or JSON.
// A checklist names the patterns of every item, so it is never evidence for any of them.
func isChecklistFile(data []byte) bool {
	if !bytes.Contains(data, []byte("prc/v1")) {
		return false
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		return checklistJSONRE.Match(data)
	}
	return checklistFileRE.Match(data)
}
