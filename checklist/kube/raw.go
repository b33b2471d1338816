package kube

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/prchq/prc/checklist/repo"
	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
)

var (
	apiVersionKey = []byte("apiVersion")
	kindKey       = []byte("kind")
)

// looksLikeManifest is the cheap test a file passes before it is parsed: Kubernetes objects
// always spell out apiVersion and kind.
func looksLikeManifest(data []byte) bool {
	return bytes.Contains(data, apiVersionKey) && bytes.Contains(data, kindKey)
}

// loadRaw reads one raw YAML or JSON manifest file. Files that do not mention apiVersion and kind
// are ignored; a malformed file that does is a problem.
func loadRaw(snap repo.Snapshot, path string) ([]Object, []verdict.Evidence) {
	data, err := snap.ReadFile(path)
	if errors.Is(err, repo.ErrTooLarge) {
		return nil, nil
	}
	if err != nil {
		return nil, []verdict.Evidence{problemAt(path, 0, "cannot read: %v", err)}
	}
	if !looksLikeManifest(data) {
		if looksLikeManifestPath(path) && !utf8.Valid(data) {
			return nil, []verdict.Evidence{problemAt(path, 0, "not YAML: binary content in a manifest folder")}
		}
		return nil, nil
	}
	return parseManifests(path, OriginRaw, data, true)
}

// parseManifests parses a YAML stream (JSON is YAML too) into objects. withLines keeps line
// numbers, which are meaningful only when data is the file named by path.
func parseManifests(path, origin string, data []byte, withLines bool) ([]Object, []verdict.Evidence) {
	docs, err := yamlx.ParseAll(path, data)
	objs, problems := decodeDocs(path, origin, docs, withLines)
	if err != nil {
		line := 0
		var ye *yamlx.Error
		if errors.As(err, &ye) && withLines {
			line = ye.Line
		}
		msg := err.Error()
		if ye != nil {
			msg = ye.Msg
			if !withLines && ye.Line > 0 {
				msg += fmt.Sprintf(" (line %d of the rendered output)", ye.Line)
			}
		}
		problems = append(problems, problemAt(path, line, "malformed YAML: %s", msg))
	}
	return objs, problems
}
