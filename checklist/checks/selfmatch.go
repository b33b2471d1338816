package checks

import (
	"bytes"
	"regexp"
)

// checklistFileRE finds the top-level apiVersion of a prc checklist.
var checklistFileRE = regexp.MustCompile(`(?m)^apiVersion:\s*["']?prc/v1["']?\s*(#.*)?$`)

// isChecklistFile reports whether data is a prc checklist (apiVersion: prc/v1). A checklist
// names the patterns of every item, so it is never evidence for any of them.
func isChecklistFile(data []byte) bool {
	return bytes.Contains(data, []byte("prc/v1")) && checklistFileRE.Match(data)
}
