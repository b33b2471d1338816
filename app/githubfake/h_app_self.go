package githubfake

import "sort"

// getApp serves GET /app: the authenticated App, which prc asks for to check its credentials.
func getApp(c *call) reply {
	return okReply(map[string]any{
		"id": c.f.cfg.appID, "slug": c.f.cfg.slug, "name": c.f.cfg.slug, "node_id": nodeID("App", c.f.cfg.appID),
		"html_url": c.f.base + "/apps/" + c.f.cfg.slug, "owner": c.userJSON("acme"),
		"permissions": requestedPermissions, "events": []string{"check_run", "check_suite", "issues", "pull_request", "push", "repository"},
	})
}

// sortedInstalls lists the installations by id.
func (st *state) sortedInstalls() []*installation {
	out := make([]*installation, 0, len(st.installs))
	for _, in := range st.installs {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
