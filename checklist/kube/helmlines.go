package kube

import (
	"bytes"
	"regexp"
)

// segment is a run of lines between "---" separators: [start, end), 1-based.
type segment struct {
	start, end int
	lines      [][]byte
}

func segments(data []byte) []segment {
	lines := bytes.Split(data, []byte("\n"))
	var out []segment
	cur := segment{start: 1}
	for i, ln := range lines {
		if bytes.HasPrefix(ln, []byte("---")) && len(bytes.TrimSpace(ln[3:])) == 0 || bytes.HasPrefix(ln, []byte("--- ")) {
			cur.end = i + 1
			out = append(out, cur)
			cur = segment{start: i + 2}
			continue
		}
		cur.lines = append(cur.lines, ln)
	}
	cur.end = len(lines) + 1
	return append(out, cur)
}

var (
	keyLineRE = regexp.MustCompile(`^\s*(?:-\s+)*("[^"{}]*"|'[^'{}]*'|[A-Za-z_][\w.\-/]*)\s*:(\s|$)`)
	kindRE    = regexp.MustCompile(`^\s*kind:\s*\S`)
	apiRE     = regexp.MustCompile(`^\s*apiVersion:\s*\S`)
)

func (s segment) hasObject() bool {
	for _, ln := range s.lines {
		if kindRE.Match(ln) {
			return true
		}
	}
	return false
}

// objectLine is the line the object of a template segment starts on: its apiVersion line.
func (s segment) objectLine() int {
	for i, ln := range s.lines {
		if apiRE.Match(ln) {
			return s.start + i
		}
	}
	for i, ln := range s.lines {
		if kindRE.Match(ln) {
			return s.start + i
		}
	}
	return s.start
}

// keyLines lists, for each mapping key written literally in the segment, the lines it is on.
func (s segment) keyLines() map[string][]int {
	out := map[string][]int{}
	for i, ln := range s.lines {
		if m := keyLineRE.FindSubmatch(ln); m != nil {
			out[string(m[1])] = append(out[string(m[1])], s.start+i)
		}
	}
	return out
}

// mapTemplateLines points chart objects at their template: each object gets the line its
// document starts on in the template, and a map from rendered lines to template lines for the
// keys written literally there. A key is mapped only when the rendered document and the
// template document have it equally often, so a line a helper or a loop wrote is never guessed.
func mapTemplateLines(objs []Object, rendered, source []byte) {
	rsegs, tsegs := objectSegments(segments(rendered)), objectSegments(segments(source))
	mapped := map[int]map[int]int{} // rendered segment → its line map
	for i := range objs {
		o := &objs[i]
		o.lines = map[int]int{}
		if o.node == nil || source == nil {
			continue
		}
		ri := segmentOf(rsegs, o.node.Line)
		ti := -1
		switch {
		case ri >= 0 && len(rsegs) == len(tsegs):
			ti = ri
		case ri >= 0 && len(tsegs) == 1:
			ti = 0
		}
		if ti < 0 {
			ti = segmentOfKind(tsegs, o.Kind)
		}
		if ti < 0 {
			continue
		}
		o.Line = tsegs[ti].objectLine()
		if _, ok := mapped[ri]; !ok {
			mapped[ri] = pairLines(rsegs[ri], tsegs[ti])
		}
		o.lines = mapped[ri]
	}
}

func objectSegments(segs []segment) []segment {
	var out []segment
	for _, s := range segs {
		if s.hasObject() {
			out = append(out, s)
		}
	}
	return out
}

// segmentOfKind returns the only segment that writes "kind: <kind>", or -1.
func segmentOfKind(segs []segment, kind string) int {
	found := -1
	for i, s := range segs {
		for _, ln := range s.lines {
			if string(bytes.TrimSpace(ln)) == "kind: "+kind {
				if found >= 0 && found != i {
					return -1
				}
				found = i
			}
		}
	}
	return found
}

func segmentOf(segs []segment, line int) int {
	for i, s := range segs {
		if line >= s.start && line < s.end {
			return i
		}
	}
	return -1
}

func pairLines(r, t segment) map[int]int {
	out := map[int]int{}
	tk := t.keyLines()
	for key, rl := range r.keyLines() {
		if tl := tk[key]; len(tl) == len(rl) {
			for i := range rl {
				out[rl[i]] = tl[i]
			}
		}
	}
	return out
}
