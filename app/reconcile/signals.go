package reconcile

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/prchq/prc/checklist/repoconfig"
)

// signal is one launch signal of a repository as read now: its source (store.LaunchFromTopic
// or store.LaunchFromProperty), the value that signals (a topic, a property value; "" for
// none) and the launch state it means.
type signal struct {
	source string
	value  string
	state  orgconfig.LaunchState
	// property is the custom property's name, for a property signal.
	property string
}

// via names the signal as the issue and comments show it.
func (s signal) via() string {
	if s.source == store.LaunchFromProperty {
		return "property " + s.property + "=" + s.value
	}
	return "topic " + s.value
}

// signals are a repository's launch signals and tier property as read now.
type signals struct {
	list []signal
	// props are the custom property values, nil when the organisation configures none.
	props map[string]string
	tier  string
}

// launching reports whether any signal says the repository is launching or launched, which
// onboards it.
func (s signals) launching() bool {
	for _, sig := range s.list {
		if sig.state != orgconfig.NotLaunching {
			return true
		}
	}
	return false
}

// readSignals reads the launch signals the organisation configures: topics come with the
// repository; custom properties are read only when a launch or tier property is configured.
func readSignals(ctx context.Context, client gh.Client, repo gh.Repo, l orgconfig.Launch) (signals, error) {
	var out signals
	if len(l.Topics.Launching)+len(l.Topics.Launched) > 0 {
		state, topic := l.FromTopics(repo.Topics)
		out.list = append(out.list, signal{source: store.LaunchFromTopic, value: topic, state: state})
	}
	if l.Property == nil && l.TierProperty == "" {
		return out, nil
	}
	props, err := client.CustomProperties(ctx, repo.Owner, repo.Name)
	switch {
	case errors.Is(err, gh.ErrNotFound) || errors.Is(err, gh.ErrNotPermitted):
		props = map[string]string{} // a repository without custom properties, such as a user's
	case err != nil:
		return out, err
	}
	out.props, out.tier = props, l.Tier(props)
	if l.Property != nil {
		state, _ := l.FromProperties(props)
		out.list = append(out.list, signal{source: store.LaunchFromProperty, value: props[l.Property.Name], state: state, property: l.Property.Name})
	}
	return out, nil
}

// applyTier makes the tier property the default tier of rules.Config: a tier .github/prc.yml
// sets, at the top or for a service, overrides it. A value that is no tier is reported.
func applyTier(rules *Rules, property, tier string) {
	if tier == "" {
		return
	}
	if _, err := checklist.ParseTier(tier); err != nil {
		rules.Problems = append(rules.Problems, fmt.Sprintf("Custom property %s is %q, which is not a tier, so it was ignored: %v", property, tier, err))
		return
	}
	cfg := repoconfig.Config{}
	if rules.Config != nil {
		cfg = *rules.Config
	}
	if cfg.Tier == "" {
		cfg.Tier = tier
	}
	rules.Config = &cfg
}

// propertyKey is the values of the launch and tier properties, for the evaluated key: a change
// of either, which may come without an event, makes the next push or resync evaluate again.
func (s signals) propertyKey(l orgconfig.Launch) string {
	if s.props == nil {
		return ""
	}
	var names []string
	if l.Property != nil {
		names = append(names, l.Property.Name)
	}
	if l.TierProperty != "" {
		names = append(names, l.TierProperty)
	}
	var b strings.Builder
	for _, n := range names {
		v, ok := s.props[n]
		fmt.Fprintf(&b, "%d:%s=%v:%d:%s;", len(n), n, ok, len(v), v)
	}
	return b.String()
}

// launchProperties reads the launch and tier properties as propertyKey writes them, when the
// organisation's configuration names any.
func launchProperties(ctx context.Context, client gh.Client, t Target, org orgFiles) (string, error) {
	cfg := orgSettings(org.config, t.Owner, &Rules{})
	if cfg.Launch.Property == nil && cfg.Launch.TierProperty == "" {
		return "", nil
	}
	sigs, err := readSignals(ctx, client, gh.Repo{Owner: t.Owner, Name: t.Name}, cfg.Launch)
	if err != nil {
		return "", err
	}
	return sigs.propertyKey(cfg.Launch), nil
}
