package deps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Entry is one member of a JSON object: its key, its value when that is a string, and the
// 1-based line of the key.
type Entry struct {
	Key   string
	Value string
	Line  int
}

// JSONObjects returns the members of the named top-level members of a JSON object document,
// for those that are objects, in document order. Other members are skipped.
func JSONObjects(data []byte, names ...string) (map[string][]Entry, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	out := map[string][]Entry{}
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return nil, err
		}
		after := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("member %q: %w", key, err)
		}
		if !want[key] || len(raw) == 0 || raw[0] != '{' {
			continue
		}
		base := after + bytes.IndexByte(data[after:], '{')
		entries, err := objectEntries(raw, data, base)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", key, err)
		}
		out[key] = entries
	}
	return out, expectDelim(dec, '}')
}

// objectEntries lists the members of the JSON object raw, which starts at offset base of data.
func objectEntries(raw, data []byte, base int) ([]Entry, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	var out []Entry
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return nil, err
		}
		e := Entry{Key: key, Line: lineAt(data, base+int(dec.InputOffset()))}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		e.Value, _ = v.(string)
		out = append(out, e)
	}
	return out, expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", errors.New("expected an object key")
	}
	return s, nil
}

// npmSections are the package.json members that declare dependencies.
var npmSections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

func readPackageJSON(path string, data []byte) ([]Dependency, error) {
	return readJSONSections(path, data, NPM, npmSections, nil)
}

// readComposer reads composer.json; the PHP platform packages (php, ext-*) are not dependencies.
func readComposer(path string, data []byte) ([]Dependency, error) {
	platform := func(name string) bool { return name == "php" || strings.HasPrefix(name, "ext-") }
	return readJSONSections(path, data, Composer, []string{"require", "require-dev"}, platform)
}

func readJSONSections(path string, data []byte, eco Ecosystem, sections []string, skip func(string) bool) ([]Dependency, error) {
	objs, err := JSONObjects(data, sections...)
	if err != nil {
		return nil, wrap(path, err)
	}
	var out []Dependency
	for _, s := range sections {
		for _, e := range objs[s] {
			if skip == nil || !skip(e.Key) {
				out = append(out, Dependency{Name: e.Key, Ecosystem: eco, Path: path, Line: e.Line})
			}
		}
	}
	return out, nil
}
