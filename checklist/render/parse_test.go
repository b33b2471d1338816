package render

import (
	"errors"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

const metaLine = `<!-- prc:meta {"checklist":"acme-prc","version":"3","service":"payments"} -->`

func TestParseBody(t *testing.T) {
	t.Parallel()
	type item struct {
		id           string
		checked, box bool
	}
	tests := map[string]struct {
		body       string
		items      []item
		duplicates []string
		errs       []error
	}{
		"plain": {
			body:  metaLine + "\n- [x] ok <!-- prc:item a.one -->\n- [ ] no <!-- prc:item a.two -->\n",
			items: []item{{"a.one", true, true}, {"a.two", false, true}},
		},
		"crlf, [X], other bullets and spacing": {
			body:  metaLine + "\r\n  * [X] ok <!--prc:item   a.one-->\r\n1. [ ]   no   <!-- prc:item a.two -->  \r\n+\t[x] <!-- prc:item a.three -->\r\n",
			items: []item{{"a.one", true, true}, {"a.two", false, true}, {"a.three", true, true}},
		},
		"reordered lines and added text": {
			body:  "Note from the team: see the wiki.\n- [ ] no <!-- prc:item a.two -->\n\nSome text\n" + metaLine + "\n- [x] ok, done by @alice <!-- prc:item a.one -->\n",
			items: []item{{"a.two", false, true}, {"a.one", true, true}},
		},
		"markers in code blocks are ignored": {
			body:  metaLine + "\n````\n- [x] <!-- prc:item a.one -->\n```\nstill code\n````\n~~~md\n- [x] <!-- prc:item a.two -->\n~~~\n- [ ] <!-- prc:item a.one -->\n",
			items: []item{{"a.one", false, true}},
		},
		"line without a box": {
			body:  metaLine + "\nok <!-- prc:item a.one -->\n- [x] <!-- prc:item a.two --> <!-- prc:item a.three -->\n",
			items: []item{{"a.one", false, false}, {"a.two", true, true}, {"a.three", false, false}},
		},
		"duplicates: first wins": {
			body:       metaLine + "\n- [x] <!-- prc:item a.one -->\n- [ ] <!-- prc:item a.one -->\n",
			items:      []item{{"a.one", true, true}},
			duplicates: []string{"a.one"},
		},
		"no meta": {
			body:  "- [x] <!-- prc:item a.one -->\n",
			items: []item{{"a.one", true, true}},
			errs:  []error{ErrNoMeta},
		},
		"no items": {body: metaLine + "\n- [x] something\n", errs: []error{ErrNoItems}},
		"nothing":  {body: "a body a person rewrote", errs: []error{ErrNoMeta, ErrNoItems}},
		"meta not json": {
			body:  "<!-- prc:meta {oops} -->\n- [ ] <!-- prc:item a.one -->",
			items: []item{{"a.one", false, true}},
			errs:  []error{ErrBadMeta},
		},
		"meta incomplete": {
			body:  `<!-- prc:meta {"checklist":"x"} -->` + "\n- [ ] <!-- prc:item a.one -->",
			items: []item{{"a.one", false, true}},
			errs:  []error{ErrBadMeta},
		},
		"invalid ids are not markers": {
			body: metaLine + "\n- [x] <!-- prc:item A.ONE -->\n- [x] <!-- prc:item nodot -->\n",
			errs: []error{ErrNoItems},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseBody(tt.body)
			var got []item
			for _, it := range p.Items {
				got = append(got, item{it.ID, it.Checked, it.Box})
			}
			if !reflect.DeepEqual(got, tt.items) {
				t.Errorf("items = %+v, want %+v", got, tt.items)
			}
			if !reflect.DeepEqual(p.Duplicates, tt.duplicates) {
				t.Errorf("duplicates = %v, want %v", p.Duplicates, tt.duplicates)
			}
			if len(tt.errs) == 0 && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			for _, want := range tt.errs {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
		})
	}
}

func TestParseBodyMeta(t *testing.T) {
	t.Parallel()
	p, err := ParseBody("x\r\n" + metaLine + "\r\n- [ ] <!-- prc:item a.b -->")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Meta{Checklist: "acme-prc", Version: "3", Service: "payments"}); p.Meta != want {
		t.Errorf("meta = %+v, want %+v", p.Meta, want)
	}
	if it, _ := p.Item("a.b"); it.Line != 3 {
		t.Errorf("line = %d, want 3", it.Line)
	}
	if got := p.Missing([]string{"a.c", "a.b", "a.d"}); !reflect.DeepEqual(got, []string{"a.c", "a.d"}) {
		t.Errorf("missing = %v", got)
	}
}

func FuzzParseBody(f *testing.F) {
	golden, err := os.ReadFile("testdata/issue.md.golden")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(golden))
	f.Add(strings.ReplaceAll(string(golden), "\n", "\r\n"))
	f.Add(strings.ReplaceAll(string(golden), "- [ ]", "- [X]"))
	f.Add(metaLine + "\n```\n- [x] <!-- prc:item a.b -->\n")
	f.Add("<!-- prc:meta {\"checklist\":\"\\u003c\"} -->\n1) [x]<!-- prc:item a.b -->")
	f.Add(metaLine + "\n- [x] plan [r](https://a.example/x?y=(1)) <https://b.example>. http://:80 <!-- prc:item a.b -->\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, body string) {
		p, err := ParseBody(body)
		checkParsed(t, p, err, strings.Count(body, "\n")+1)
		if strings.Contains(body, "\r") {
			return
		}
		q, _ := ParseBody(strings.ReplaceAll(body, "\n", "\r\n"))
		if !reflect.DeepEqual(p, q) {
			t.Errorf("CRLF line endings change the result:\n%+v\n%+v", p, q)
		}
	})
}

func checkParsed(t *testing.T, p Parsed, err error, lines int) {
	seen := map[string]bool{}
	for _, it := range p.Items {
		if !itemIDRE.MatchString(it.ID) || seen[it.ID] {
			t.Errorf("bad or repeated id %q", it.ID)
		}
		seen[it.ID] = true
		if it.Line < 1 || it.Line > lines || (!it.Box && it.Checked) || (!it.Box && len(it.Links) > 0) || len(it.Links) > maxLinks {
			t.Errorf("inconsistent item %+v", it)
		}
		for _, l := range it.Links {
			if u, err := url.Parse(l); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.ContainsAny(l, " \t<>") {
				t.Errorf("item %s kept a link that is not a web address: %q", it.ID, l)
			}
		}
	}
	if err == nil && (p.Meta.Service == "" || len(p.Items) == 0) {
		t.Errorf("no error, but meta %+v and %d items", p.Meta, len(p.Items))
	}
}

// FuzzIssueBodyRoundTrip renders repository text chosen by the fuzzer and checks that it can
// never add, remove or tick an item marker.
func FuzzIssueBodyRoundTrip(f *testing.F) {
	f.Add("docs/a.md", "- [x] <!-- prc:item a.pass -->", "title")
	f.Add("`<!--", "-->\n- [x] <!-- prc:item a.fail -->", "t <!-- prc:item a.x -->")
	f.Add("a\r\n```", "\n```\n", "@all #1")
	f.Fuzz(func(t *testing.T, path, message, title string) {
		rep := reportWith(
			checklist.Result{ID: "a.fail", Section: "a", Title: title, Kind: checklist.KindAuto, Status: verdict.Fail, Required: true,
				Evidence: []verdict.Evidence{{Path: path, Line: 3, Message: message}}, Hint: message, Note: title},
			checklist.Result{ID: "a.pass", Section: "a", Title: title, Kind: checklist.KindAuto, Status: verdict.Pass, Evidence: []verdict.Evidence{{Message: message}}},
		)
		rep.Checklist.Name = title
		rep.Services[0].Notes = []string{message}
		body, err := IssueBody(rep, "svc", Options{})
		if title == "" {
			if err == nil {
				t.Fatal("rendered a body without a checklist name")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseBody(body)
		if err != nil {
			t.Fatal(err)
		}
		want := []ParsedItem{{ID: "a.fail", Box: true}, {ID: "a.pass", Checked: true, Box: true}}
		for i := range p.Items {
			p.Items[i].Line = 0
		}
		if !reflect.DeepEqual(p.Items, want) || len(p.Duplicates) > 0 || utf8.ValidString(title) && p.Meta.Checklist != title {
			t.Errorf("read back %+v (duplicates %v, meta %+v)", p.Items, p.Duplicates, p.Meta)
		}
	})
}
