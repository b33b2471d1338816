package events

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/riverqueue/river"
)

// customPropertyValuesEvent is GitHub's custom_property_values payload; go-github v60 has no
// type for it. Values are strings, lists of strings (multi-select) or null.
type customPropertyValuesEvent struct {
	Action       string               `json:"action"`
	Repository   *github.Repository   `json:"repository"`
	Installation *github.Installation `json:"installation"`
	Sender       *github.User         `json:"sender"`
	Old          []propertyValue      `json:"old_property_values"`
}

type propertyValue struct {
	Name  string          `json:"property_name"`
	Value json.RawMessage `json:"value"`
}

// customPropertyValues re-evaluates a repository whose custom property values changed: a launch
// or tier property may be among them. Reconcile reads the values again; the event gives who
// changed them and what they were before.
func (d *Dispatcher) customPropertyValues(_ context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev customPropertyValuesEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	if ev.Repository == nil {
		return nil, nil
	}
	old := make(map[string]string, len(ev.Old))
	for _, v := range ev.Old {
		old[v.Name] = propertyString(v.Value)
	}
	return []river.JobArgs{jobs.ReconcileArgs{Repo: jobRepo(ev.Installation, ev.Repository), Reason: "custom property values " + ev.Action,
		Sender: ev.Sender.GetLogin(), OldProperties: old}}, nil
}

// propertyString reads a value as reconcile compares it: a list joined by ",", null as "".
func propertyString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, ",")
	}
	return ""
}
