package checklist

import (
	"fmt"
	"slices"

	"github.com/prchq/prc/checklist/checks"
)

// APIVersion is the checklist schema this package reads.
const APIVersion = "prc/v1"

// Tier is a service's criticality level, after Mercari's production readiness levels.
type Tier string

// The tiers, from most to least demanding.
const (
	TierCritical     Tier = "critical"
	TierStandard     Tier = "standard"
	TierExperimental Tier = "experimental"
)

// DefaultTier is the tier of a service that names none.
const DefaultTier = TierStandard

// Tiers lists every tier, most demanding first.
var Tiers = []Tier{TierCritical, TierStandard, TierExperimental}

// ParseTier validates a tier name; the empty string is DefaultTier.
func ParseTier(s string) (Tier, error) {
	if s == "" {
		return DefaultTier, nil
	}
	for _, t := range Tiers {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown tier %q (want critical, standard or experimental)", s)
}

// Kind says who verifies an item.
type Kind string

// The item kinds.
const (
	KindAuto   Kind = "auto"
	KindManual Kind = "manual"
)

// Checklist is a loaded, validated checklist.
type Checklist struct {
	Name     string
	Version  string
	Sections []Section
	// Source is the file the checklist came from, "(built-in)" for the default.
	Source string
	// Base is the built-in checklist this one extends ("builtin:v2"), empty when it extends none.
	Base string
	// Disabled lists the inherited items the checklist removed, in file order.
	Disabled []Disabled
}

// Disabled is an inherited item that an extending checklist removed, and why.
type Disabled struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// Section groups items under a title.
type Section struct {
	ID    string
	Title string
	Items []*Item
}

// Item is one thing a service must satisfy.
type Item struct {
	ID          string
	Section     string
	Title       string
	Description string
	Hint        string
	Kind        Kind
	// Tiers lists the tiers that require the item.
	Tiers []Tier
	Check checks.Check
	// Line is where the item is defined in the file of its Origin.
	Line int
	// Origin is where the item is defined: the checklist's Source, or the Base it extends.
	Origin string
	// TiersFrom names the extending checklist that changed the item's tiers; empty when none did.
	TiersFrom string
	// EvidenceRequired says that a tick of this manual item counts only with a link on its line.
	EvidenceRequired bool
}

// RequiredFor reports whether the item is required for a service of tier t.
func (it *Item) RequiredFor(t Tier) bool { return slices.Contains(it.Tiers, t) }

// Items returns every item, in checklist order.
func (c *Checklist) Items() []*Item {
	var out []*Item
	for i := range c.Sections {
		out = append(out, c.Sections[i].Items...)
	}
	return out
}

// Item finds an item by id.
func (c *Checklist) Item(id string) (*Item, bool) {
	for _, it := range c.Items() {
		if it.ID == id {
			return it, true
		}
	}
	return nil, false
}
