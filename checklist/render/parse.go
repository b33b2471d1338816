package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Meta is what an issue body's meta marker records: the checklist it was rendered from and the
// service it is about.
type Meta struct {
	Checklist string `json:"checklist"`
	Version   string `json:"version"`
	Service   string `json:"service"`
	// Base is the built-in checklist the checklist extends, if any: with Version it says which
	// items the body was rendered from.
	Base string `json:"base,omitempty"`
}

// ParsedItem is one item marker read back from an issue body.
type ParsedItem struct {
	ID string
	// Checked is the state of the item's task-list box.
	Checked bool
	// Box is false when the marker's line is no longer a task-list item; Checked is then false.
	Box bool
	// Line is the 1-based line of the marker in the body.
	Line int
	// Links are the web addresses on a task-list line, outside markers, at most eight: the
	// evidence people attach to a tick. JudgeTick reads them.
	Links []string
	// Due is the campaign due date, YYYY-MM-DD, the line shows; "" when none.
	Due string
}

// Parsed is what ParseBody read from an issue body.
type Parsed struct {
	Meta Meta
	// Items are in body order, one per id; the first marker of an id wins.
	Items []ParsedItem
	// Duplicates lists ids whose marker appears more than once.
	Duplicates []string
}

// The ways a body can lack what ParseBody needs. ParseBody may return several, joined; test
// them with errors.Is. The App rebuilds a body in these cases.
var (
	ErrNoMeta  = errors.New("issue body has no prc:meta marker")
	ErrBadMeta = errors.New("issue body has an unreadable prc:meta marker")
	ErrNoItems = errors.New("issue body has no prc:item markers")
)

var (
	metaRE  = regexp.MustCompile(`<!--\s*prc:meta\s+(\{.*\})\s*-->`)
	itemRE  = regexp.MustCompile(`<!--\s*prc:item\s+([a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*)\s*-->`)
	taskRE  = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\]`)
	fenceRE = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
)

// ParseBody reads the meta marker and every item marker, with its box state, from an issue body.
// It tolerates what people do to a body: CRLF line endings, changed whitespace, `[X]`, reordered
// lines and added text. Markers inside fenced code blocks are ignored. When the meta marker or
// every item marker is missing or unreadable, it returns what it could read together with
// ErrNoMeta, ErrBadMeta or ErrNoItems.
func ParseBody(body string) (Parsed, error) {
	var p Parsed
	seen := map[string]bool{}
	metaFound := false
	var metaErr error
	fence := ""
	for i, line := range strings.Split(body, "\n") {
		line = strings.TrimSuffix(line, "\r")
		var inFence bool
		if fence, inFence = nextFence(fence, line); inFence {
			continue
		}
		if !metaFound {
			if m := metaRE.FindStringSubmatch(line); m != nil {
				metaFound = true
				p.Meta, metaErr = decodeMeta(m[1])
			}
		}
		p.addItems(line, i+1, seen)
	}
	return p, parseError(metaFound, metaErr, len(p.Items) > 0)
}

// nextFence tracks fenced code blocks: given the open fence ("" for none) and a line, it returns
// the fence open after the line and whether the line belongs to a code block.
func nextFence(open, line string) (string, bool) {
	m := fenceRE.FindStringSubmatch(line)
	switch {
	case open == "" && m == nil:
		return "", false
	case open == "":
		return m[1], true
	case m != nil && m[1][0] == open[0] && len(m[1]) >= len(open) && strings.TrimSpace(line[len(m[0]):]) == "":
		return "", true
	default:
		return open, true
	}
}

func decodeMeta(raw string) (Meta, error) {
	var m Meta
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return Meta{}, fmt.Errorf("%w: %v", ErrBadMeta, err)
	}
	if m.Checklist == "" || m.Version == "" || m.Service == "" {
		return m, fmt.Errorf("%w: checklist, version and service are all required", ErrBadMeta)
	}
	return m, nil
}

// addItems records the item markers on one line; only the first marker of a task-list line
// takes the line's box.
func (p *Parsed) addItems(line string, n int, seen map[string]bool) {
	markers := itemRE.FindAllStringSubmatch(line, -1)
	if markers == nil {
		return
	}
	task := taskRE.FindStringSubmatch(line)
	for i, m := range markers {
		id := m[1]
		if seen[id] {
			p.Duplicates = append(p.Duplicates, id)
			continue
		}
		seen[id] = true
		it := ParsedItem{ID: id, Line: n}
		if task != nil && i == 0 {
			it.Box, it.Checked = true, task[1] != " "
			it.Links = lineLinks(line)
			it.Due = lineDue(line)
		}
		p.Items = append(p.Items, it)
	}
}

func parseError(metaFound bool, metaErr error, haveItems bool) error {
	var errs []error
	if !metaFound {
		errs = append(errs, ErrNoMeta)
	} else if metaErr != nil {
		errs = append(errs, metaErr)
	}
	if !haveItems {
		errs = append(errs, ErrNoItems)
	}
	return errors.Join(errs...)
}

// Item returns the parsed item with the given id.
func (p Parsed) Item(id string) (ParsedItem, bool) {
	for _, it := range p.Items {
		if it.ID == id {
			return it, true
		}
	}
	return ParsedItem{}, false
}

// Missing lists the ids, in the order given, that have no marker in the body.
func (p Parsed) Missing(ids []string) []string {
	have := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		have[it.ID] = true
	}
	var out []string
	for _, id := range ids {
		if !have[id] {
			out = append(out, id)
		}
	}
	return out
}
