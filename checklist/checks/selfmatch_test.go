package checks_test

import (
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

// TestChecklistFilesAreNoEvidence: a prc checklist names the patterns of its items, so content
// and CEL checks never take it as evidence.
func TestChecklistFilesAreNoEvidence(t *testing.T) {
	t.Parallel()
	checklist := "apiVersion: prc/v1\nname: ours\nversion: \"3\"\nsections:\n  - id: m\n    items:\n      - id: m.d\n        check:\n          content: {files: [\"**/*.json\"], matches: '\"panels\"\\s*:\\s*\\['}\n        # \"panels\": [\n"
	content := `content: {files: ["**/*.yaml"], matches: '"panels"\s*:\s*\['}`
	cel := `cel: {select: {files: ["**/*.yaml"]}, expr: 'has(object.sections)'}`
	runCases(t, map[string]checkCase{
		"content skips a checklist":   {content, map[string]string{"prc/checklist.yaml": checklist}, verdict.Fail, ""},
		"content reads other files":   {content, map[string]string{"prc/checklist.yaml": checklist, "dash.yaml": `json: '{"panels": []}'`}, verdict.Pass, "dash.yaml"},
		"quoted api version":          {content, map[string]string{"c.yaml": "apiVersion: \"prc/v1\"\n# \"panels\": [\n"}, verdict.Fail, ""},
		"prc/v1 elsewhere is no mark": {content, map[string]string{"c.yaml": "kind: Doc\nnote: apiVersion prc/v1\n# \"panels\": [\n"}, verdict.Pass, "c.yaml"},
		"json checklist":              {`content: {files: ["**/*.json"], matches: '"panels"\s*:\s*\['}`, map[string]string{"c.json": `{"apiVersion": "prc/v1", "note": {"panels": []}}`}, verdict.Fail, ""},
		"json naming prc/v1 nested":   {`content: {files: ["**/*.json"], matches: '"panels"\s*:\s*\['}`, map[string]string{"c.json": `{"note": "apiVersion prc/v1", "panels": []}`}, verdict.Pass, ""},
		"cel skips a checklist":       {cel, map[string]string{"prc/checklist.yaml": checklist}, verdict.NA, ""},
		"cel reads other files":       {cel, map[string]string{"other.yaml": "sections: []\n"}, verdict.Pass, ""},
	})
}
