package checklist

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// The built-in checklist is default.yaml, its latest version. Earlier versions stay embedded,
// frozen, for organisations that pinned one (`--checklist builtin:v1`).
var (
	//go:embed default.yaml
	defaultYAML []byte
	//go:embed builtin/v1.yaml
	builtinV1YAML []byte
	//go:embed builtin/v2.yaml
	builtinV2YAML []byte
)

// DefaultSource is the Source of the built-in checklist.
const DefaultSource = "(built-in)"

// BuiltinPrefix starts a reference to a version of the built-in checklist: "builtin:v1".
const BuiltinPrefix = "builtin:"

// Default returns the built-in checklist. It panics only if the embedded file is broken, which
// the tests rule out.
func Default() *Checklist {
	c, err := Parse(DefaultSource, defaultYAML)
	if err != nil {
		panic(fmt.Sprintf("built-in checklist: %v", err))
	}
	return c
}

// DefaultYAML returns the text of the built-in checklist.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// BuiltinVersions lists the versions of the built-in checklist that can be loaded, oldest first.
func BuiltinVersions() []string { return []string{"v1", "v2", "v3"} }

// BuiltinYAML returns the text of a version of the built-in checklist: "v1", "v2", "v3", or ""
// or "latest" for the current one.
func BuiltinYAML(version string) ([]byte, error) {
	switch version {
	case "", "latest", "v3":
		return DefaultYAML(), nil
	case "v2":
		return append([]byte(nil), builtinV2YAML...), nil
	case "v1":
		return append([]byte(nil), builtinV1YAML...), nil
	}
	return nil, fmt.Errorf("unknown built-in checklist %q (known: %s%s)", BuiltinPrefix+version, BuiltinPrefix, strings.Join(BuiltinVersions(), ", "+BuiltinPrefix))
}

// LoadBuiltin parses the built-in checklist that ref names ("builtin", "builtin:v1",
// "builtin:v2", "builtin:v3"). ok is false when ref does not name a built-in checklist, so that callers can
// read it as a file instead.
func LoadBuiltin(ref string) (c *Checklist, ok bool, err error) {
	version, found := strings.CutPrefix(ref, BuiltinPrefix)
	switch {
	case ref == "builtin":
		version = ""
	case !found:
		return nil, false, nil
	}
	data, err := BuiltinYAML(version)
	if err != nil {
		return nil, true, err
	}
	source := DefaultSource
	if version == "v1" || version == "v2" {
		source = "(built-in " + version + ")"
	}
	c, err = Parse(source, data)
	return c, true, err
}

type header struct {
	APIVersion string `yaml:"apiVersion"`
	Name       string `yaml:"name"`
	Version    string `yaml:"version"`
	Extends    string `yaml:"extends"`
}

type itemSpec struct {
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Hint        string    `yaml:"hint"`
	Kind        string    `yaml:"kind"`
	Tiers       []string  `yaml:"tiers"`
	Evidence    string    `yaml:"evidence"`
	Check       yaml.Node `yaml:"check"`
}

var (
	sectionIDRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	itemIDRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$`)
)

// Parse reads a checklist from data; file names it in errors. Every problem is a *yamlx.Error
// carrying file, line and column. Problems in separate sections and items are all reported, joined
// with errors.Join in file order (errors.As finds the first); a syntax error or a broken top
// level stops at that one.
func Parse(file string, data []byte) (*Checklist, error) {
	root, err := yamlx.Parse(file, data)
	if err != nil {
		return nil, err
	}
	head, err := decodeTop(file, root)
	if err != nil {
		return nil, err
	}
	if head.Extends != "" {
		return parseExtending(file, root, head)
	}
	c := &Checklist{Name: head.Name, Version: head.Version, Source: file}
	p := parser{file: file, seen: map[string]bool{}}
	for _, n := range yamlx.Get(root, "sections").Content {
		if sec, ok := p.section(n); ok {
			c.Sections = append(c.Sections, sec)
		}
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return c, nil
}

// decodeTop checks the file's top level; sections are parsed one by one afterwards, so that an
// unknown field inside an item is reported with the item's id.
func decodeTop(file string, root *yaml.Node) (header, error) {
	var head header
	if root.Kind != yaml.MappingNode {
		return head, yamlx.At(file, root, "", "a checklist must be a mapping")
	}
	for _, k := range yamlx.Keys(root) {
		switch k.Value {
		case "apiVersion", "name", "version", "sections", "extends":
		case "tiers", "disable":
			if yamlx.Get(root, "extends") == nil {
				return head, yamlx.At(file, k, "", "%s applies only to a checklist that extends another (extends: builtin:v2)", k.Value)
			}
		default:
			return head, yamlx.At(file, k, "", "unknown field %q", k.Value)
		}
	}
	for _, key := range []string{"apiVersion", "name", "version", "extends"} {
		if v := yamlx.Get(root, key); v != nil && v.Kind != yaml.ScalarNode {
			return head, yamlx.At(file, v, "", "%s must be a string", key)
		}
	}
	if err := root.Decode(&head); err != nil {
		return head, yamlx.At(file, root, "", "%v", err)
	}
	if err := requireTop(file, root, head); err != nil {
		return head, err
	}
	secs := yamlx.Get(root, "sections")
	if head.Extends != "" {
		return head, extendsTop(file, root, head)
	}
	if secs == nil || secs.Kind != yaml.SequenceNode || len(secs.Content) == 0 {
		return head, yamlx.At(file, orNode(secs, root), "", "sections must be a non-empty list")
	}
	return head, nil
}

func requireTop(file string, root *yaml.Node, h header) error {
	switch {
	case h.APIVersion != APIVersion:
		return yamlx.At(file, orNode(yamlx.Get(root, "apiVersion"), root), "", "apiVersion must be %q, got %q", APIVersion, h.APIVersion)
	case strings.TrimSpace(h.Name) == "":
		return yamlx.At(file, orNode(yamlx.Get(root, "name"), root), "", "name is required")
	case strings.TrimSpace(h.Version) == "":
		return yamlx.At(file, orNode(yamlx.Get(root, "version"), root), "", "version is required")
	}
	return nil
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}
