package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Markdown(&buf, testReport(), testOptions()); err != nil {
		t.Fatal(err)
	}
	golden(t, "issue.md.golden", buf.Bytes())
}

func TestIssueBodyReadsBack(t *testing.T) {
	t.Parallel()
	rep := testReport()
	body, err := IssueBody(rep, "payments", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseBody(body)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Meta{Checklist: "acme-prc", Version: "3", Service: "payments"}); p.Meta != want {
		t.Errorf("meta = %+v, want %+v", p.Meta, want)
	}
	if len(p.Duplicates) > 0 {
		t.Errorf("duplicates %v: repository text forged a marker", p.Duplicates)
	}
	items := rep.Services[0].Items
	if len(p.Items) != len(items) {
		t.Fatalf("read %d items, rendered %d", len(p.Items), len(items))
	}
	for i, r := range items {
		got := p.Items[i]
		if got.ID != r.ID || !got.Box || got.Checked != checked(r) {
			t.Errorf("item %d = %+v, want id %s checked %v", i, got, r.ID, checked(r))
		}
	}
}

func TestCheckedByStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind   checklist.Kind
		status verdict.Status
		want   bool
	}{
		{checklist.KindAuto, verdict.Pass, true},
		{checklist.KindAuto, verdict.NA, true},
		{checklist.KindAuto, verdict.Waived, true},
		{checklist.KindAuto, verdict.Fail, false},
		{checklist.KindAuto, verdict.Error, false},
		{checklist.KindManual, verdict.Done, true},
		{checklist.KindManual, verdict.Todo, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%s", tt.kind, tt.status), func(t *testing.T) {
			t.Parallel()
			rep := reportWith(checklist.Result{ID: "a.b", Section: "a", Title: "t", Kind: tt.kind, Status: tt.status, Required: true})
			body, err := IssueBody(rep, "svc", Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseBody(body)
			if err != nil {
				t.Fatal(err)
			}
			if it, ok := p.Item("a.b"); !ok || it.Checked != tt.want {
				t.Errorf("item = %+v (found %v), want checked %v", it, ok, tt.want)
			}
		})
	}
}

// reportWith is a one-service report of the given results.
func reportWith(results ...checklist.Result) *checklist.Report {
	return &checklist.Report{
		Checklist: checklist.Info{Name: "c", Version: "1"},
		Services:  []checklist.ServiceReport{{Name: "svc", Path: ".", Tier: checklist.TierStandard, Items: results}},
	}
}

// manyEvidence returns n evidence lines of about 80 bytes each.
func manyEvidence(prefix string, n int) []verdict.Evidence {
	out := make([]verdict.Evidence, n)
	for i := range out {
		out[i] = ev(fmt.Sprintf("deploy/%s-%04d.yaml", prefix, i), i+1, `container "api" has no readinessProbe configured`)
	}
	return out
}

func TestIssueBodyTrimsEvidence(t *testing.T) {
	t.Parallel()
	huge := reportWith(
		checklist.Result{ID: "k.pass", Section: "k", Title: "passes", Kind: checklist.KindAuto, Status: verdict.Pass, Required: true, Evidence: manyEvidence("ok", 3)},
		checklist.Result{ID: "k.fail", Section: "k", Title: "fails", Kind: checklist.KindAuto, Status: verdict.Fail, Required: true, Evidence: manyEvidence("bad", 5000)},
	)
	var wide []checklist.Result
	for i := range 200 {
		status := verdict.Pass
		if i%2 == 1 {
			status = verdict.Fail
		}
		wide = append(wide, checklist.Result{ID: fmt.Sprintf("w.item-%03d", i), Section: "w", Title: "item", Kind: checklist.KindAuto,
			Status: status, Required: true, Evidence: manyEvidence(fmt.Sprint(i), 20)})
	}
	tests := map[string]struct {
		rep    *checklist.Report
		maxLen int
		check  func(t *testing.T, body string)
	}{
		"fits untouched": {reportWith(huge.Services[0].Items[0]), 0, func(t *testing.T, body string) {
			if strings.Contains(body, "trimmed") || strings.Count(body, "deploy/ok-") != 3 {
				t.Error("a small body was trimmed")
			}
		}},
		"one item with thousands of lines": {huge, 0, func(t *testing.T, body string) {
			if !strings.Contains(body, "of 5003 evidence lines are shown") || !strings.Contains(body, "more\n") {
				t.Error("no trim note or per-item remainder")
			}
			if strings.Count(body, "deploy/ok-") != 3 {
				t.Error("per-item trimming cut an item that was not too long")
			}
		}},
		"global trimming keeps failures first": {reportWith(wide...), 22000, func(t *testing.T, body string) {
			p, _ := ParseBody(body)
			if len(p.Items) != 200 {
				t.Errorf("read %d items, want 200", len(p.Items))
			}
			shown := map[bool]int{}
			for i := range 200 {
				if strings.Contains(body, fmt.Sprintf("`deploy/%d-0000.yaml`", i)) {
					shown[i%2 == 1]++
				}
			}
			if shown[true] == 0 || shown[true] < 100 && shown[false] > 0 {
				t.Errorf("failing items showing evidence: %d, passing: %d; want failures served first", shown[true], shown[false])
			}
		}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := IssueBody(tt.rep, "svc", Options{MaxLen: tt.maxLen})
			if err != nil {
				t.Fatal(err)
			}
			limit := tt.maxLen
			if limit == 0 {
				limit = DefaultMaxLen
			}
			if len(body) > limit {
				t.Errorf("body is %d bytes, over %d", len(body), limit)
			}
			tt.check(t, body)
		})
	}
}

func TestIssueBodyErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		rep     *checklist.Report
		service string
		opts    Options
		want    string
	}{
		"unknown service":      {testReport(), "nope", Options{}, `no service named "nope"`},
		"too long":             {testReport(), "payments", Options{MaxLen: 300}, ErrTooLong.Error()},
		"broken template":      {testReport(), "payments", Options{IssueTemplate: "{{.Meta"}, "parse template"},
		"unknown field":        {testReport(), "payments", Options{IssueTemplate: "{{.Nope}}"}, "execute issue template"},
		"template drops marks": {testReport(), "payments", Options{IssueTemplate: "<!-- prc:meta {{.Meta}} -->\nhello"}, "does not read back"},
		"runaway template":     {testReport(), "payments", Options{IssueTemplate: `{{range .Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{range $.Sections}}{{$.Meta}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}`}, "template output over"},
		"id unfit for marker":  {reportWith(checklist.Result{ID: "bad id -->", Kind: checklist.KindAuto, Status: verdict.Pass}), "svc", Options{}, "cannot be written in a marker"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := IssueBody(tt.rep, tt.service, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := IssueBody(testReport(), "payments", Options{MaxLen: 300}); !errors.Is(err, ErrTooLong) {
		t.Errorf("err = %v, want ErrTooLong", err)
	}
}

func TestMarkdownSeparatesServices(t *testing.T) {
	t.Parallel()
	rep := reportWith(checklist.Result{ID: "a.b", Section: "a", Title: "t", Kind: checklist.KindAuto, Status: verdict.Pass})
	second := rep.Services[0]
	second.Name = "other"
	rep.Services = append(rep.Services, second)
	var buf bytes.Buffer
	if err := Markdown(&buf, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(buf.String(), "\n\n---\n\n")
	if len(parts) != 2 {
		t.Fatalf("got %d bodies separated by a rule, want 2", len(parts))
	}
	for i, name := range []string{"svc", "other"} {
		if p, err := ParseBody(parts[i]); err != nil || p.Meta.Service != name {
			t.Errorf("body %d: meta %+v, err %v; want service %s", i, p.Meta, err, name)
		}
	}
}
