// Package yamlx decodes YAML written by people strictly, with errors that name the file, line and
// column: unknown fields, wrong types and malformed documents are all reported the same way.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is a problem at a position in a YAML file.
type Error struct {
	File    string
	Line    int
	Column  int
	Context string
	Msg     string
}

// Error formats as "file:line:col: context: msg", omitting what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Context != "" {
		b.WriteString(": " + e.Context)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// At builds an error at node n.
func At(file string, n *yaml.Node, context, format string, args ...any) *Error {
	e := &Error{File: file, Context: context, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// WithContext returns a copy of err with its context set, when err is an *Error.
func WithContext(err error, context string) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.Context == "" {
			c.Context = context
		} else {
			c.Context = context + ": " + c.Context
		}
		return &c
	}
	return err
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads the single YAML document in data. An empty input yields an empty mapping node.
func Parse(file string, data []byte) (*yaml.Node, error) {
	docs, err := ParseAll(file, data)
	if err != nil {
		return nil, err
	}
	switch len(docs) {
	case 0:
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}, nil
	case 1:
		return docs[0], nil
	default:
		return nil, At(file, docs[1], "", "expected one YAML document, found %d", len(docs))
	}
}

// ParseAll reads every document of a multi-document YAML stream, skipping empty ones.
func ParseAll(file string, data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return docs, syntaxError(file, err)
		}
		if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
			docs = append(docs, doc.Content[0])
		}
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			// yaml.v3 reports parser errors (unlike scanner errors) at their 0-based line.
			line++
		}
		return &Error{File: file, Line: line, Column: 1, Msg: m[2]}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// Decode checks n against out's struct fields (yaml tags), rejecting unknown fields, then decodes.
func Decode(file string, n *yaml.Node, out any) error {
	if err := checkFields(file, n, reflect.TypeOf(out)); err != nil {
		return err
	}
	if err := n.Decode(out); err != nil {
		return typeError(file, n, err)
	}
	return nil
}

func typeError(file string, n *yaml.Node, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := regexp.MustCompile(`^line (\d+): (.*)$`).FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &Error{File: file, Line: line, Column: columnOnLine(n, line), Msg: m[2]}
		}
		return At(file, n, "", "%s", msg)
	}
	return At(file, n, "", "%v", err)
}

// columnOnLine finds the column of the first node on line, so type errors get a column too.
func columnOnLine(n *yaml.Node, line int) int {
	if n.Line == line {
		return n.Column
	}
	for _, c := range n.Content {
		if col := columnOnLine(c, line); col > 0 {
			return col
		}
	}
	return 0
}

var nodeType = reflect.TypeOf(yaml.Node{})

func checkFields(file string, n *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n == nil || n.Kind == yaml.AliasNode || t == nodeType {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return checkStruct(file, n, t)
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		for _, c := range n.Content {
			if err := checkFields(file, c, t.Elem()); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 1; i < len(n.Content); i += 2 {
			if err := checkFields(file, n.Content[i], t.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkStruct(file string, n *yaml.Node, t reflect.Type) error {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	fields := structFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		ft, ok := fields[key.Value]
		if !ok {
			return At(file, key, "", "unknown field %q", key.Value)
		}
		if err := checkFields(file, val, ft); err != nil {
			return err
		}
	}
	return nil
}

// structFields maps a struct's YAML keys to field types, descending into ",inline" fields.
func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for k, v := range structFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// Keys returns the keys of a mapping node, in order.
func Keys(n *yaml.Node) []*yaml.Node {
	var keys []*yaml.Node
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i])
		}
	}
	return keys
}

// Get returns the value of key in a mapping node, or nil.
func Get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Elem returns the i-th element of a sequence node, following an alias, or fallback when the node
// has no such element. Decoded slices and their nodes can disagree when documents use aliases.
func Elem(n *yaml.Node, i int, fallback *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return fallback
	}
	return n.Content[i]
}
