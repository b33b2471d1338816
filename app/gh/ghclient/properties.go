package ghclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// propertyValue is one custom property value as GitHub writes it: a string, a list of strings
// for a multi-select property, or null when unset.
type propertyValue struct {
	PropertyName string          `json:"property_name"`
	Value        json.RawMessage `json:"value"`
}

// CustomProperties implements gh.Client with GET /repos/{owner}/{repo}/properties/values. It
// decodes the values itself: go-github v60 reads them as strings only.
func (c *client) CustomProperties(ctx context.Context, owner, name string) (map[string]string, error) {
	op := fmt.Sprintf("read custom properties of %s/%s", owner, name)
	req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/properties/values", owner, name), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var values []propertyValue
	if _, err := c.gh.Do(ctx, req, &values); err != nil {
		return nil, c.fail(op, err)
	}
	out := make(map[string]string, len(values))
	for _, v := range values {
		s, ok, err := decodePropertyValue(v.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: property %q: %w", op, v.PropertyName, err)
		}
		if ok {
			out[v.PropertyName] = s
		}
	}
	return out, nil
}

// decodePropertyValue reads a string, a list of strings (joined by ",") or null (ok false).
func decodePropertyValue(raw json.RawMessage) (string, bool, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, true, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return "", false, fmt.Errorf("value is neither a string nor a list of strings: %s", raw)
	}
	return strings.Join(list, ","), true, nil
}

// SetCustomProperty implements gh.Client with PATCH /repos/{owner}/{repo}/properties/values.
func (c *client) SetCustomProperty(ctx context.Context, owner, name, property, value string) error {
	op := fmt.Sprintf("set custom property %s of %s/%s", property, owner, name)
	var v any
	if value != "" {
		v = value
	}
	body := map[string]any{"properties": []map[string]any{{"property_name": property, "value": v}}}
	req, err := c.gh.NewRequest(http.MethodPatch, fmt.Sprintf("repos/%s/%s/properties/values", owner, name), body)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	_, err = c.gh.Do(repeatable(ctx), req, nil)
	return c.fail(op, err)
}

// InstallationPermissions implements gh.Client with GET /app/installations/{id}, as the App:
// go-github v60's permission type has no field for custom properties, so they are read raw.
func (c *client) InstallationPermissions(ctx context.Context) (map[string]string, error) {
	return c.perms(ctx, c.inst)
}

// installationPermissions reads an installation's granted permissions, acting as the App.
func (cs *Clients) installationPermissions(ctx context.Context, inst int64) (map[string]string, error) {
	app, err := cs.appClient()
	if err != nil {
		return nil, err
	}
	op := fmt.Sprintf("read permissions of installation %d", inst)
	req, err := app.gh.NewRequest(http.MethodGet, fmt.Sprintf("app/installations/%d", inst), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var out struct {
		Permissions map[string]string `json:"permissions"`
	}
	if _, err := app.gh.Do(ctx, req, &out); err != nil {
		return nil, app.fail(op, err)
	}
	if out.Permissions == nil {
		out.Permissions = map[string]string{}
	}
	return out.Permissions, nil
}
