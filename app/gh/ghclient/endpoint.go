package ghclient

import (
	"net/http"
	"strings"
)

// routes are the REST routes prc calls, as GitHub's documentation writes them. A placeholder
// matches one path segment ({number} and {id} only digits), one ending in "..." the rest.
var routes = splitRoutes(
	"/app/installations/{id}/access_tokens",
	"/app/installations/{id}",
	"/app/hook/deliveries/{id}/attempts",
	"/app/hook/deliveries/{id}",
	"/app/hook/deliveries",
	"/installation/repositories",
	"/repos/{owner}/{repo}",
	"/repos/{owner}/{repo}/issues",
	"/repos/{owner}/{repo}/issues/comments/{id}",
	"/repos/{owner}/{repo}/issues/{number}",
	"/repos/{owner}/{repo}/issues/{number}/comments",
	"/repos/{owner}/{repo}/issues/{number}/labels",
	"/repos/{owner}/{repo}/issues/{number}/labels/{name}",
	"/repos/{owner}/{repo}/labels",
	"/repos/{owner}/{repo}/labels/{name}",
	"/repos/{owner}/{repo}/git/trees/{sha}",
	"/repos/{owner}/{repo}/git/blobs/{sha}",
	"/repos/{owner}/{repo}/git/commits/{sha}",
	"/repos/{owner}/{repo}/git/ref/{ref...}",
	"/repos/{owner}/{repo}/commits/{ref}/check-runs",
	"/repos/{owner}/{repo}/commits/{ref...}",
	"/repos/{owner}/{repo}/contents/{path...}",
	"/repos/{owner}/{repo}/contents",
	"/repos/{owner}/{repo}/check-runs",
	"/repos/{owner}/{repo}/check-runs/{id}",
	"/repos/{owner}/{repo}/check-runs/{id}/annotations",
	"/repos/{owner}/{repo}/pulls/{number}",
	"/repos/{owner}/{repo}/collaborators/{user}/permission",
	"/repos/{owner}/{repo}/branches/{branch...}",
	"/repos/{owner}/{repo}/properties/values",
	"/repos/{owner}/{repo}/topics",
)

func splitRoutes(tmpls ...string) [][]string {
	out := make([][]string, len(tmpls))
	for k, t := range tmpls {
		out[k] = strings.Split(strings.Trim(t, "/"), "/")
	}
	return out
}

// endpointOf names a request by method and route template, e.g.
// "GET /repos/{owner}/{repo}/issues/{number}", so metrics never carry ids; a path prc does
// not know is "other". A GitHub Enterprise prefix such as /api/v3 is left out.
func endpointOf(req *http.Request) string {
	return req.Method + " " + routeOf(req.URL.Path)
}

func routeOf(path string) string {
	path = strings.TrimPrefix(path, "/api/v3")
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, r := range routes {
		if matchRoute(r, segs) {
			return "/" + strings.Join(r, "/")
		}
	}
	return "other"
}

func matchRoute(route, segs []string) bool {
	for k, part := range route {
		if strings.HasSuffix(part, "...}") {
			return len(segs) > k
		}
		if k >= len(segs) || !matchSegment(part, segs[k]) {
			return false
		}
	}
	return len(segs) == len(route)
}

func matchSegment(part, seg string) bool {
	switch {
	case part == "{number}" || part == "{id}":
		return seg != "" && strings.Trim(seg, "0123456789") == ""
	case strings.HasPrefix(part, "{"):
		return seg != ""
	}
	return part == seg
}
