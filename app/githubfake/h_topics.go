package githubfake

import (
	"net/http"
	"regexp"
	"strings"
)

// topicRE is GitHub's rule for a topic: lower case letters, digits and hyphens, starting with
// a letter or digit, at most 50 characters.
var topicRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,49}$`)

// getTopics serves GET /repos/{owner}/{repo}/topics.
func getTopics(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	return okReply(map[string][]string{"names": append([]string{}, r.topics...)})
}

// putTopics serves PUT /repos/{owner}/{repo}/topics, which needs administration write: prc's
// app never asks for it, so on GitHub only a person changes topics.
func putTopics(c *call) reply {
	r, bad := c.repo()
	if bad != nil {
		return *bad
	}
	if !c.st.installs[c.inst].allows("administration", "write") {
		return *errReply(http.StatusForbidden, "Resource not accessible by integration")
	}
	var in struct {
		Names []string `json:"names"`
	}
	if bad := c.decode(&in); bad != nil {
		return *bad
	}
	names, why := normalTopics(in.Names)
	if why != "" {
		return invalid("Repository", "names", "invalid", why)
	}
	r.topics = names
	return okReply(map[string][]string{"names": append([]string{}, r.topics...)})
}

// normalTopics lower-cases and dedupes topics, or says which one GitHub would refuse.
func normalTopics(in []string) ([]string, string) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if !topicRE.MatchString(t) {
			return nil, "Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens: " + t
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, ""
}
