package render

import (
	"slices"
	"testing"

	"github.com/prchq/prc/checklist"
)

func TestParseBodyCapturesLinks(t *testing.T) {
	t.Parallel()
	const meta = "<!-- prc:meta {\"checklist\":\"c\",\"version\":\"1\",\"service\":\"s\"} -->\n"
	tests := map[string]struct {
		line string
		want []string
	}{
		"no link":          {"- [x] Capacity plan <!-- prc:item capacity.plan -->", nil},
		"bare link":        {"- [x] Capacity plan <!-- prc:item capacity.plan --> https://wiki.example.com/plan.", []string{"https://wiki.example.com/plan"}},
		"markdown link":    {"- [x] Capacity plan · [plan](https://docs.example.com/a/b?x=1#c) <!-- prc:item capacity.plan -->", []string{"https://docs.example.com/a/b?x=1#c"}},
		"autolink":         {"- [X] Capacity plan <https://example.com/p>, see also http://old.example.com <!-- prc:item capacity.plan -->", []string{"https://example.com/p", "http://old.example.com"}},
		"no host":          {"- [x] Capacity plan https:// and https:///x <!-- prc:item capacity.plan -->", nil},
		"other scheme":     {"- [x] Capacity plan ftp://example.com/p javascript:alert(1) <!-- prc:item capacity.plan -->", nil},
		"unticked with it": {"- [ ] Capacity plan https://example.com/p <!-- prc:item capacity.plan -->", []string{"https://example.com/p"}},
		"not a task line":  {"Capacity plan https://example.com/p <!-- prc:item capacity.plan -->", nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseBody(meta + tt.line + "\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Items[0].Links; !slices.Equal(got, tt.want) {
				t.Errorf("links = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseBodyBoundsLinks(t *testing.T) {
	t.Parallel()
	line := "- [x] x <!-- prc:item capacity.plan -->"
	for range 50 {
		line += " https://example.com/a"
	}
	p, _ := ParseBody(line)
	if n := len(p.Items[0].Links); n != maxLinks {
		t.Errorf("kept %d links, want %d", n, maxLinks)
	}
}

func TestJudgeTick(t *testing.T) {
	t.Parallel()
	needs := &checklist.Item{ID: "capacity.plan", Title: "A capacity plan exists", Kind: checklist.KindManual, EvidenceRequired: true}
	plain := &checklist.Item{ID: "docs.review", Title: "Reviewed", Kind: checklist.KindManual}
	titled := &checklist.Item{ID: "docs.policy", Title: "Follows https://policy.example.com", Kind: checklist.KindManual, EvidenceRequired: true}
	auto := &checklist.Item{ID: "cicd.ci", Title: "CI", Kind: checklist.KindAuto}
	ticked := func(links ...string) ParsedItem { return ParsedItem{Box: true, Checked: true, Links: links} }
	tests := map[string]struct {
		it       *checklist.Item
		p        ParsedItem
		want     Tick
		wantLink string
	}{
		"evidence given":               {needs, ticked("https://wiki.example.com/plan"), TickAccepted, "https://wiki.example.com/plan"},
		"evidence missing":             {needs, ticked(), TickNeedsEvidence, ""},
		"unticked":                     {needs, ParsedItem{Box: true, Links: []string{"https://x.example.com"}}, TickNone, ""},
		"box gone":                     {needs, ParsedItem{Checked: false}, TickNone, ""},
		"no evidence needed":           {plain, ticked(), TickAccepted, ""},
		"link kept when not needed":    {plain, ticked("https://x.example.com"), TickAccepted, "https://x.example.com"},
		"title's own link is no proof": {titled, ticked("https://policy.example.com"), TickNeedsEvidence, ""},
		"proof after title's link":     {titled, ticked("https://policy.example.com", "https://r.example.com/1"), TickAccepted, "https://r.example.com/1"},
		"auto items ignore ticks":      {auto, ticked("https://x.example.com"), TickNone, ""},
		"unknown item":                 {nil, ticked(), TickNone, ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, link := JudgeTick(tt.it, tt.p)
			if got != tt.want || link != tt.wantLink {
				t.Errorf("JudgeTick = %v %q, want %v %q", got, link, tt.want, tt.wantLink)
			}
		})
	}
}
