package githubfake

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
)

// propertyDef is an organisation's custom property: its allowed values, none meaning free text.
type propertyDef struct {
	name    string
	allowed []string
}

// DefineCustomProperty defines an organisation's custom property, as its owner would; allowed
// lists the values of a single-select property, none for a string property.
func (f *Fake) DefineCustomProperty(org, name string, allowed ...string) {
	f.locked(func(st *state) error {
		defs := st.propDefs[lower(org)]
		if defs == nil {
			defs = map[string]*propertyDef{}
			st.propDefs[lower(org)] = defs
		}
		defs[name] = &propertyDef{name: name, allowed: append([]string(nil), allowed...)}
		return nil
	})
}

// RepoProperty sets a custom property value on a new repository; the organisation must define
// the property before the repository is added.
func RepoProperty(name, value string) RepoOption {
	return func(r *repo) { r.properties[name] = value }
}

// CustomProperties returns a repository's custom property values.
func (f *Fake) CustomProperties(owner, repoName string) map[string]string {
	out := map[string]string{}
	f.inRepo(owner, repoName, func(_ *state, r *repo) error {
		for k, v := range r.properties {
			out[k] = v
		}
		return nil
	})
	return out
}

// checkProperty says why value cannot be set on the organisation's property name, or "".
func (st *state) checkProperty(org, name, value string) string {
	def := st.propDefs[lower(org)][name]
	switch {
	case def == nil:
		return fmt.Sprintf("Property %s does not exist in the organization", name)
	case value != "" && len(def.allowed) > 0 && !slices.Contains(def.allowed, value):
		return fmt.Sprintf("Value %s is not a valid value for property %s", value, name)
	}
	return ""
}

// setProperty changes one value and returns the old one; "" unsets.
func (r *repo) setProperty(name, value string) string {
	old := r.properties[name]
	if value == "" {
		delete(r.properties, name)
	} else {
		r.properties[name] = value
	}
	return old
}

func propertyRoutes(add addRoute) {
	add("GET", repoRoute+"/properties/values", getPropertyValues)
	add("PATCH", repoRoute+"/properties/values", patchPropertyValues)
	add("GET", repoRoute+"/topics", getTopics)
	add("PUT", repoRoute+"/topics", putTopics)
}

// propertyValueJSON is GitHub's {"property_name", "value"}; value is null when unset.
type propertyValueJSON struct {
	PropertyName string  `json:"property_name"`
	Value        *string `json:"value"`
}

// propertyValues lists every property the organisation defines with the repository's value,
// by name, as GitHub does.
func (st *state) propertyValues(r *repo) []propertyValueJSON {
	out := []propertyValueJSON{}
	for name := range st.propDefs[lower(r.owner)] {
		v := propertyValueJSON{PropertyName: name}
		if val, ok := r.properties[name]; ok {
			v.Value = &val
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PropertyName < out[j].PropertyName })
	return out
}

// getPropertyValues serves GET /repos/{owner}/{repo}/properties/values; metadata read suffices.
func getPropertyValues(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	if !c.st.installs[c.inst].allows("metadata", "read") {
		return *errReply(http.StatusForbidden, "Resource not accessible by integration")
	}
	return okReply(c.st.propertyValues(r))
}

// patchPropertyValues serves PATCH /repos/{owner}/{repo}/properties/values, which needs the
// installation's custom_properties write permission.
func patchPropertyValues(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	if !c.st.installs[c.inst].allows("custom_properties", "write") {
		return *errReply(http.StatusForbidden, "Resource not accessible by integration")
	}
	var in struct {
		Properties []propertyValueJSON `json:"properties"`
	}
	if bad := c.decode(&in); bad != nil {
		return *bad
	}
	if len(in.Properties) == 0 {
		return invalid("Repository", "properties", "missing_field", "properties are required")
	}
	for _, p := range in.Properties {
		if why := c.st.checkProperty(r.owner, p.PropertyName, deref(p.Value)); why != "" {
			return invalid("Repository", "properties", "invalid", why)
		}
	}
	var news, olds []propertyValueJSON
	for _, p := range in.Properties {
		_, had := r.properties[p.PropertyName]
		old := r.setProperty(p.PropertyName, deref(p.Value))
		news = append(news, propertyValueJSON{PropertyName: p.PropertyName, Value: p.Value})
		prev := propertyValueJSON{PropertyName: p.PropertyName}
		if had {
			prev.Value = &old
		}
		olds = append(olds, prev)
	}
	payload := c.f.eventBase(c.st, r, c.f.BotLogin(), "updated")
	payload["new_property_values"], payload["old_property_values"] = news, olds
	go c.f.Deliver("custom_property_values", "updated", r.inst, mustJSON(payload)) // as GitHub does for the app's own change
	return noContent()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
