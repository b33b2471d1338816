package webhook

// handled lists the events and actions prc acts on; an empty action list means every action.
// Everything else is acknowledged with 202 and dropped.
var handled = map[string][]string{
	"installation":              {"created", "deleted", "suspend", "unsuspend", "new_permissions_accepted"},
	"installation_repositories": {"added", "removed"},
	"repository":                {"created", "deleted", "archived", "unarchived", "renamed", "transferred", "edited"},
	"push":                      nil,
	"issues":                    {"edited", "closed", "reopened", "labeled", "deleted"},
	"pull_request":              {"opened", "synchronize", "reopened", "labeled"},
	"check_suite":               {"requested", "rerequested"},
	"check_run":                 {"rerequested"},
}

// Handles reports whether prc processes event with action.
func Handles(event, action string) bool {
	actions, ok := handled[event]
	if !ok {
		return false
	}
	if actions == nil {
		return true
	}
	for _, a := range actions {
		if a == action {
			return true
		}
	}
	return false
}
