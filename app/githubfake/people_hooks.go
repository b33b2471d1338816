package githubfake

import (
	"encoding/json"
	"fmt"
	"slices"
)

// These methods change a repository as a person on github.com would and deliver the webhook
// GitHub sends for it to the App (see SetWebhook), returning the delivery's GUID.

// SetTopicsAs replaces a repository's topics as login and delivers repository.edited with
// changes.topics.from holding the old topics.
func (f *Fake) SetTopicsAs(login, owner, repoName string, topics ...string) string {
	var payload []byte
	var inst int64
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		names, why := normalTopics(topics)
		if why != "" {
			return fmt.Errorf("set topics of %s: %s", r.fullName(), why)
		}
		old := append([]string{}, r.topics...)
		r.topics = names
		p := f.eventBase(st, r, login, "edited")
		p["changes"] = map[string]any{"topics": map[string]any{"from": old}}
		inst, payload = r.inst, mustJSON(p)
		return nil
	})
	return f.Deliver("repository", "edited", inst, payload)
}

// SetCustomPropertyAs sets one custom property value of a repository as login ("" unsets it)
// and delivers custom_property_values.updated with the new and old values.
func (f *Fake) SetCustomPropertyAs(login, owner, repoName, name, value string) string {
	var payload []byte
	var inst int64
	f.inRepo(owner, repoName, func(st *state, r *repo) error {
		if why := st.checkProperty(r.owner, name, value); why != "" {
			return fmt.Errorf("set property of %s: %s", r.fullName(), why)
		}
		_, had := r.properties[name]
		old := r.setProperty(name, value)
		p := f.eventBase(st, r, login, "updated")
		p["new_property_values"] = []propertyValueJSON{{PropertyName: name, Value: nullString(value)}}
		oldValue := propertyValueJSON{PropertyName: name}
		if had {
			oldValue.Value = &old
		}
		p["old_property_values"] = []propertyValueJSON{oldValue}
		inst, payload = r.inst, mustJSON(p)
		return nil
	})
	return f.Deliver("custom_property_values", "updated", inst, payload)
}

// Resend delivers a logged webhook again under its GUID, now, as GitHub's redelivery does.
func (f *Fake) Resend(guid string) {
	f.mu.Lock()
	i := slices.IndexFunc(f.st.hooks.log, func(d *hookDelivery) bool { return d.GUID == guid })
	var d *hookDelivery
	if i >= 0 {
		d = f.st.hooks.log[i]
	}
	f.mu.Unlock()
	if d == nil {
		f.fatalf("resend: no delivery %s", guid)
		return
	}
	f.deliver(d.GUID, d.Event, d.Action, d.InstallationID, d.payload, true)
}

// eventBase is what every repository webhook carries: action, repository, organization,
// sender and installation.
func (f *Fake) eventBase(st *state, r *repo, login, action string) map[string]any {
	c := f.renderer(st)
	org := c.userJSON(r.owner)
	return map[string]any{
		"action":     action,
		"repository": c.repoJSON(r),
		"organization": map[string]any{"login": org.GetLogin(), "id": org.GetID(), "node_id": org.GetNodeID(),
			"url": c.api("/orgs/%s", r.owner), "repos_url": c.api("/orgs/%s/repos", r.owner),
			"avatar_url": org.GetAvatarURL(), "description": nil},
		"sender":       c.userJSON(login),
		"installation": map[string]any{"id": r.inst, "node_id": nodeID("Installation", r.inst)},
	}
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("githubfake: encode payload: %v", err))
	}
	return b
}
