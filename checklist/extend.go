package checklist

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// An extending checklist (`extends: builtin:v2`) is built in this order, each step seeing the
// result of the one before: the base's items; then the items of `sections:`, appended to the
// base section of the same id or to a new section after the base's; then `tiers:`, which
// replaces an item's tiers; then `disable:`, which removes an inherited item. Sections left
// without items disappear.

// extendsTop checks the top level of an extending checklist: sections, tiers and disable are
// each optional lists.
func extendsTop(file string, root *yaml.Node, head header) error {
	if version, ok := strings.CutPrefix(head.Extends, BuiltinPrefix); !ok || !slices.Contains(BuiltinVersions(), version) {
		return yamlx.At(file, yamlx.Get(root, "extends"), "", "extends must name a built-in checklist version (%s%s), got %q",
			BuiltinPrefix, strings.Join(BuiltinVersions(), " or "+BuiltinPrefix), head.Extends)
	}
	for _, key := range []string{"sections", "tiers", "disable"} {
		if v := yamlx.Get(root, key); v != nil && v.Kind != yaml.SequenceNode {
			return yamlx.At(file, v, "", "%s must be a list", key)
		}
	}
	return nil
}

// extender builds an extending checklist; its parser reports problems in the org file.
type extender struct {
	parser
	c *Checklist
	// changed records the items named under tiers: or disable:, which may name each item once.
	changed map[string]bool
}

func parseExtending(file string, root *yaml.Node, head header) (*Checklist, error) {
	base, _, err := LoadBuiltin(head.Extends)
	if err != nil {
		return nil, fmt.Errorf("%s: extends %s: %w", file, head.Extends, err)
	}
	c := &Checklist{Name: head.Name, Version: head.Version, Source: file, Base: head.Extends, Sections: base.Sections}
	e := &extender{parser: parser{file: file, seen: map[string]bool{}, inherited: map[string]string{}}, c: c, changed: map[string]bool{}}
	for _, it := range c.Items() {
		it.Origin = head.Extends
		e.inherited[it.ID] = head.Extends
	}
	for _, n := range contentOf(yamlx.Get(root, "sections")) {
		e.section(n)
	}
	for _, n := range contentOf(yamlx.Get(root, "tiers")) {
		e.record(e.changeTiers(n))
	}
	for _, n := range contentOf(yamlx.Get(root, "disable")) {
		e.record(e.disable(n))
	}
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	c.Sections = slices.DeleteFunc(c.Sections, func(s Section) bool { return len(s.Items) == 0 })
	if len(c.Sections) == 0 {
		return nil, yamlx.At(file, yamlx.Get(root, "disable"), "", "every item is disabled; the checklist would be empty")
	}
	return c, nil
}

func contentOf(n *yaml.Node) []*yaml.Node {
	if n == nil {
		return nil
	}
	return n.Content
}

func (e *extender) record(err error) {
	if err != nil {
		e.errs = append(e.errs, err)
	}
}

// section adds a section of the org file: its items join the base section of the same id, which
// the org file must then not retitle, or form a new section.
func (e *extender) section(n *yaml.Node) {
	idx := e.baseSection(n)
	if idx < 0 {
		if sec, ok := e.parser.section(n); ok {
			e.c.Sections = append(e.c.Sections, sec)
		}
		return
	}
	var head struct {
		ID    string      `yaml:"id"`
		Title string      `yaml:"title"`
		Items []yaml.Node `yaml:"items"`
	}
	ctx := fmt.Sprintf("section %q", e.c.Sections[idx].ID)
	switch err := yamlx.Decode(e.file, n, &head); {
	case err != nil:
		e.record(yamlx.WithContext(err, ctx))
		return
	case e.seen[head.ID]:
		e.record(yamlx.At(e.file, yamlx.Get(n, "id"), ctx, "duplicate section id"))
		return
	case head.Title != "":
		e.record(yamlx.At(e.file, yamlx.Get(n, "title"), ctx, "the section is defined by %s; omit its title to add items to it", e.c.Base))
		return
	case len(head.Items) == 0:
		e.record(yamlx.At(e.file, orNode(yamlx.Get(n, "items"), n), ctx, "items must be a non-empty list"))
		return
	}
	e.seen[head.ID] = true
	for i := range head.Items {
		it, err := e.item(&head.Items[i], head.ID)
		e.record(err)
		if err == nil {
			e.c.Sections[idx].Items = append(e.c.Sections[idx].Items, it)
		}
	}
}

// baseSection returns the index of the inherited section that n names, or -1.
func (e *extender) baseSection(n *yaml.Node) int {
	id := yamlx.Get(n, "id")
	if id == nil || id.Kind != yaml.ScalarNode {
		return -1
	}
	for i, s := range e.c.Sections {
		if s.ID == id.Value && len(s.Items) > 0 && s.Items[0].Origin == e.c.Base {
			return i
		}
	}
	return -1
}

// change is one entry of tiers: or disable:.
type change struct {
	Item   string   `yaml:"item"`
	Tiers  []string `yaml:"tiers"`
	Reason string   `yaml:"reason"`
}

// decodeChange reads an entry of list (tiers or disable), whose other field is not allowed,
// and finds the item it names.
func (e *extender) decodeChange(n *yaml.Node, list, other string) (change, *Item, error) {
	var ch change
	if yamlx.Get(n, other) != nil {
		return ch, nil, yamlx.At(e.file, yamlx.Get(n, other), list, "unknown field %q", other)
	}
	if err := yamlx.Decode(e.file, n, &ch); err != nil {
		return ch, nil, yamlx.WithContext(err, list)
	}
	ctx := fmt.Sprintf("%s: item %q", list, ch.Item)
	at := orNode(yamlx.Get(n, "item"), n)
	it, ok := e.c.Item(ch.Item)
	switch {
	case ch.Item == "":
		return ch, nil, yamlx.At(e.file, at, list, "item is required")
	case !ok:
		return ch, nil, yamlx.At(e.file, at, ctx, "unknown item")
	case e.changed[ch.Item]:
		return ch, nil, yamlx.At(e.file, at, ctx, "the item is already named under tiers: or disable:")
	}
	return ch, it, nil
}

// changeTiers applies one entry of tiers:.
func (e *extender) changeTiers(n *yaml.Node) error {
	ch, it, err := e.decodeChange(n, "tiers", "reason")
	if err != nil {
		return err
	}
	ctx := fmt.Sprintf("tiers: item %q", ch.Item)
	if len(ch.Tiers) == 0 {
		return yamlx.At(e.file, orNode(yamlx.Get(n, "tiers"), n), ctx, "tiers must be a non-empty list")
	}
	tiers, err := e.tiers(n, ch.Tiers, ctx)
	if err != nil {
		return err
	}
	e.changed[ch.Item] = true
	it.Tiers, it.TiersFrom = tiers, e.file
	return nil
}

// disable applies one entry of disable:.
func (e *extender) disable(n *yaml.Node) error {
	ch, it, err := e.decodeChange(n, "disable", "tiers")
	if err != nil {
		return err
	}
	ctx := fmt.Sprintf("disable: item %q", ch.Item)
	switch {
	case it.Origin != e.c.Base:
		return yamlx.At(e.file, yamlx.Get(n, "item"), ctx, "the item is defined in this file; delete it instead")
	case strings.TrimSpace(ch.Reason) == "":
		return yamlx.At(e.file, orNode(yamlx.Get(n, "reason"), n), ctx, "reason is required")
	}
	e.changed[ch.Item] = true
	e.c.Disabled = append(e.c.Disabled, Disabled{ID: it.ID, Title: it.Title, Reason: strings.TrimSpace(ch.Reason)})
	for i := range e.c.Sections {
		s := &e.c.Sections[i]
		s.Items = slices.DeleteFunc(s.Items, func(x *Item) bool { return x.ID == it.ID })
	}
	return nil
}
