package render

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

func TestJSONGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, testReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json.golden", buf.Bytes())
}

func TestJSONShape(t *testing.T) {
	t.Parallel()
	rep := reportWith(checklist.Result{ID: "a.b", Section: "a", Title: "t", Kind: checklist.KindAuto, Status: verdict.Pass})
	var buf bytes.Buffer
	if err := JSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Checklist struct{ Name, Version string }
		Services  []struct {
			Name, Path, Tier string
			Items            []struct {
				ID, Section, Title, Kind, Status string
				Evidence                         *[]verdict.Evidence
			}
			Summary *struct {
				Failing *[]string
				Missing *[]string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Checklist.Name != "c" || got.Checklist.Version != "1" || len(got.Services) != 1 {
		t.Fatalf("unexpected top level: %+v", got)
	}
	s := got.Services[0]
	if s.Name != "svc" || s.Path != "." || s.Tier != "standard" || len(s.Items) != 1 || s.Summary == nil {
		t.Fatalf("unexpected service: %+v", s)
	}
	it := s.Items[0]
	if it.ID != "a.b" || it.Kind != "auto" || it.Status != "pass" || it.Evidence == nil {
		t.Errorf("item = %+v, want evidence to be an array, never null", it)
	}
	if s.Summary.Failing == nil || s.Summary.Missing == nil {
		t.Error("summary lists must be arrays, never null")
	}
	if rep.Services[0].Items[0].Evidence != nil {
		t.Error("JSON modified the report it rendered")
	}
}
