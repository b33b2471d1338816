package templates

import (
	"strings"
	"testing"
	"text/template"
)

func stubFuncs() template.FuncMap {
	id := func(v any) string { return "" }
	return template.FuncMap{"text": id, "code": id, "codes": id, "evidence": id, "link": id}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name    string
		funcs   template.FuncMap
		wantErr string
	}{
		"issue body":    {IssueBody, stubFuncs(), ""},
		"check run":     {CheckRunSummary, stubFuncs(), ""},
		"missing file":  {"nope.tmpl", stubFuncs(), "nope.tmpl"},
		"missing funcs": {IssueBody, nil, "not defined"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.name, tt.funcs)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseMissingKey(t *testing.T) {
	t.Parallel()
	tmpl, err := Parse("t", "{{.nope}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Execute(&strings.Builder{}, map[string]string{}); err == nil {
		t.Error("a missing key executed without error")
	}
	if _, err := Parse("t", "{{.Meta", nil); err == nil {
		t.Error("a broken template parsed")
	}
}
