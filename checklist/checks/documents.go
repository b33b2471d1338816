package checks

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

var stringSliceType = reflect.TypeOf([]string{})

// Documents parses a YAML (multi-document) or JSON file into plain values, memoised per Env.
// Alias bombs are refused by the YAML decoder; files over the size limit are not read.
func (e *Env) Documents(path string) ([]celDoc, error) {
	type result struct {
		docs []celDoc
		err  error
	}
	r := e.Memo("docs:"+path, func() any {
		data, err := e.ReadFile(path)
		if err != nil {
			return result{err: err}
		}
		docs, err := parseDocuments(path, data)
		return result{docs, err}
	}).(result)
	return r.docs, r.err
}

func parseDocuments(path string, data []byte) ([]celDoc, error) {
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("parse JSON: %w", err)
		}
		return []celDoc{{path: path, line: 1, object: v}}, nil
	}
	nodes, err := yamlx.ParseAll(path, data)
	var docs []celDoc
	for _, n := range nodes {
		var v any
		if derr := n.Decode(&v); derr != nil {
			return docs, fmt.Errorf("line %d: %w", n.Line, derr)
		}
		docs = append(docs, celDoc{path: path, line: docLine(n), object: v})
	}
	if err != nil {
		return docs, err
	}
	return docs, nil
}

// problemEvidence describes an unreadable file without repeating its path: a positioned YAML
// error becomes "line:col message" at that line.
func problemEvidence(path string, err error) verdict.Evidence {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return verdict.Evidence{Path: path, Line: ye.Line, Message: "invalid YAML: " + ye.Msg}
	}
	return verdict.Evidence{Path: path, Message: err.Error()}
}

// docLine is the line a document starts on, as people count it.
func docLine(n *yaml.Node) int {
	if n.Line > 0 {
		return n.Line
	}
	return 1
}
