package owners

import (
	"regexp"
	"strings"
)

// loginRE is the shape of a GitHub login or organisation name: letters, digits and single
// hyphens, not starting or ending with one, at most 39 characters.
var loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)

// teamRE is the shape of a team slug: letters, digits, '-' and '_'.
var teamRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// ValidHandle reports whether h is @login or @org/team with GitHub's character sets, the only
// text the app writes unescaped into a comment.
func ValidHandle(h string) bool {
	name, ok := strings.CutPrefix(h, "@")
	if !ok {
		return false
	}
	org, team, isTeam := strings.Cut(name, "/")
	if !isTeam {
		return loginRE.MatchString(name)
	}
	return loginRE.MatchString(org) && teamRE.MatchString(team)
}

// keepValid returns the valid handles of hs, each once, in order.
func keepValid(hs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range hs {
		if ValidHandle(h) && !seen[strings.ToLower(h)] {
			seen[strings.ToLower(h)] = true
			out = append(out, h)
		}
	}
	return out
}
