package events_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/prchq/prc/app/events"
)

// TestOrgPushDropsCachedSettings: a push to the default branch of the organisation's .github
// repository, whatever it changed, tells the cache of org settings; other pushes do not.
func TestOrgPushDropsCachedSettings(t *testing.T) {
	main := map[string]any{"ref": "refs/heads/main", "deleted": false, "repository.default_branch": "main", "installation.id": 7}
	tests := map[string]struct {
		edits map[string]any
		want  []string
	}{
		"settings pushed": {edits: map[string]any{"repository.name": ".github",
			"commits": []any{map[string]any{"modified": []any{"prc/checklist.yaml"}}}}, want: []string{"7/Codertocat"}},
		"other files pushed": {edits: map[string]any{"repository.name": ".github",
			"commits": []any{map[string]any{"added": []any{"profile/README.md"}}}}, want: []string{"7/Codertocat"}},
		"another branch":     {edits: map[string]any{"repository.name": ".github", "ref": "refs/heads/draft"}},
		"another repository": {edits: map[string]any{"repository.name": "api"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			d := events.NewDispatcher(&recorder{}, events.Settings{}, events.WithOrgPush(func(inst int64, owner string) {
				got = append(got, strconv.FormatInt(inst, 10)+"/"+owner)
			}))
			edits := map[string]any{}
			for k, v := range main {
				edits[k] = v
			}
			for k, v := range tc.edits {
				edits[k] = v
			}
			if _, err := d.Dispatch(context.Background(), "push", payload(t, "push", edits)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("told %v, want %v", got, tc.want)
			}
		})
	}
}
