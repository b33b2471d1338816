package checklist

import (
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/checks"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// evidenceRequired is the one value of an item's evidence field.
const evidenceRequired = "required"

type parser struct {
	file string
	seen map[string]bool
	// inherited maps the ids of items and sections an extending checklist inherits to their origin.
	inherited map[string]string
	// errs collects every problem found, so one run reports them all.
	errs []error
}

// section parses a section, recording its problems; ok is false when it has any.
func (p *parser) section(n *yaml.Node) (sec Section, ok bool) {
	sec, items, err := p.sectionHead(n)
	if err != nil {
		p.errs = append(p.errs, err)
		return Section{}, false
	}
	ok = true
	for i := range items {
		it, err := p.item(&items[i], sec.ID)
		if err != nil {
			p.errs, ok = append(p.errs, err), false
			continue
		}
		sec.Items = append(sec.Items, it)
	}
	return sec, ok
}

// sectionHead validates a section's own fields and returns its items' text.
func (p *parser) sectionHead(n *yaml.Node) (Section, []yaml.Node, error) {
	var head struct {
		ID    string      `yaml:"id"`
		Title string      `yaml:"title"`
		Items []yaml.Node `yaml:"items"`
	}
	if err := yamlx.Decode(p.file, n, &head); err != nil {
		return Section{}, nil, yamlx.WithContext(err, "section")
	}
	ctx := fmt.Sprintf("section %q", head.ID)
	switch {
	case !sectionIDRE.MatchString(head.ID):
		return Section{}, nil, yamlx.At(p.file, orNode(yamlx.Get(n, "id"), n), "section", "id %q must be lower-case letters, digits and dashes", head.ID)
	case p.seen[head.ID]:
		return Section{}, nil, yamlx.At(p.file, yamlx.Get(n, "id"), ctx, "duplicate section id")
	case strings.TrimSpace(head.Title) == "":
		return Section{}, nil, yamlx.At(p.file, orNode(yamlx.Get(n, "title"), n), ctx, "title is required")
	case len(head.Items) == 0:
		return Section{}, nil, yamlx.At(p.file, orNode(yamlx.Get(n, "items"), n), ctx, "items must be a non-empty list")
	}
	p.seen[head.ID] = true
	return Section{ID: head.ID, Title: head.Title}, head.Items, nil
}

func (p *parser) item(n *yaml.Node, section string) (*Item, error) {
	id := ""
	if v := yamlx.Get(n, "id"); v != nil {
		id = v.Value
	}
	ctx := fmt.Sprintf("item %q", id)
	var s itemSpec
	if err := yamlx.Decode(p.file, n, &s); err != nil {
		return nil, yamlx.WithContext(err, ctx)
	}
	if err := p.validateItem(n, &s, section, ctx); err != nil {
		return nil, err
	}
	p.seen[s.ID] = true
	it := &Item{ID: s.ID, Section: section, Title: s.Title, Description: strings.TrimSpace(s.Description), Hint: strings.TrimSpace(s.Hint), Kind: Kind(s.Kind), Line: n.Line, Origin: p.file, EvidenceRequired: s.Evidence == evidenceRequired}
	tiers, err := p.tiers(n, s.Tiers, ctx)
	if err != nil {
		return nil, err
	}
	it.Tiers = tiers
	if it.Kind == KindAuto {
		check, err := checks.Compile(p.file, yamlx.Get(n, "check"))
		if err != nil {
			return nil, yamlx.WithContext(err, ctx)
		}
		it.Check = check
	}
	return it, nil
}

func (p *parser) validateItem(n *yaml.Node, s *itemSpec, section, ctx string) error {
	at := func(key string) *yaml.Node { return orNode(yamlx.Get(n, key), n) }
	switch {
	case !itemIDRE.MatchString(s.ID):
		return yamlx.At(p.file, at("id"), ctx, "id must look like section.slug")
	case !strings.HasPrefix(s.ID, section+"."):
		return yamlx.At(p.file, at("id"), ctx, "id must start with its section %q", section+".")
	case p.inherited[s.ID] != "":
		return yamlx.At(p.file, at("id"), ctx, "item is already defined by %s; change its tiers under tiers: or remove it under disable:", p.inherited[s.ID])
	case p.seen[s.ID]:
		return yamlx.At(p.file, at("id"), ctx, "duplicate item id")
	case strings.TrimSpace(s.Title) == "":
		return yamlx.At(p.file, at("title"), ctx, "title is required")
	case s.Kind != string(KindAuto) && s.Kind != string(KindManual):
		return yamlx.At(p.file, at("kind"), ctx, "kind must be auto or manual, got %q", s.Kind)
	case s.Kind == string(KindAuto) && yamlx.Get(n, "check") == nil:
		return yamlx.At(p.file, n, ctx, "an auto item needs a check")
	case s.Kind == string(KindManual) && yamlx.Get(n, "check") != nil:
		return yamlx.At(p.file, at("check"), ctx, "a manual item has no check")
	case s.Evidence != "" && s.Evidence != evidenceRequired:
		return yamlx.At(p.file, at("evidence"), ctx, "evidence must be %q, got %q", evidenceRequired, s.Evidence)
	case s.Evidence != "" && s.Kind != string(KindManual):
		return yamlx.At(p.file, at("evidence"), ctx, "evidence applies only to manual items")
	}
	return nil
}

// tiers parses the tiers that require an item; none listed means standard and critical.
func (p *parser) tiers(n *yaml.Node, names []string, ctx string) ([]Tier, error) {
	if len(names) == 0 {
		return []Tier{TierCritical, TierStandard}, nil
	}
	var out []Tier
	for i, name := range names {
		t, err := ParseTier(name)
		if err != nil || name == "" {
			return nil, yamlx.At(p.file, yamlx.Elem(yamlx.Get(n, "tiers"), i, n), ctx, "unknown tier %q (want critical, standard or experimental)", name)
		}
		out = append(out, t)
	}
	return out, nil
}
