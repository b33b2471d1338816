package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/verdict"
)

// JSON writes rep as indented JSON in the shape of checklist.Report's json tags. Lists are
// never null: a result without evidence has "evidence": [].
func JSON(w io.Writer, rep *checklist.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalized(rep)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// normalized returns a copy of rep whose nil lists are empty, leaving rep untouched.
func normalized(rep *checklist.Report) *checklist.Report {
	out := *rep
	out.Services = make([]checklist.ServiceReport, len(rep.Services))
	for i, s := range rep.Services {
		s.Items = append([]checklist.Result{}, s.Items...)
		for j := range s.Items {
			if s.Items[j].Evidence == nil {
				s.Items[j].Evidence = []verdict.Evidence{}
			}
		}
		if s.Summary.Failing == nil {
			s.Summary.Failing = []string{}
		}
		if s.Summary.Missing == nil {
			s.Summary.Missing = []string{}
		}
		out.Services[i] = s
	}
	return &out
}
