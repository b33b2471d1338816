package repoconfig

// Target is one service to evaluate, with the settings that apply to it.
type Target struct {
	Name      string
	Path      string
	Tier      string
	Manifests []string
	// External, when set, is the folder of another repository holding the service's manifests,
	// read instead of Manifests.
	External *External
	Waivers  []Waiver
}

// Targets lists the services the configuration describes. A nil config, or one without services,
// describes a single service at the root named defaultName unless it names itself. Top-level tier
// and waivers apply to every service that does not override them.
func (c *Config) Targets(defaultName string) []Target {
	if c == nil {
		return []Target{{Name: defaultName, Path: "."}}
	}
	if len(c.Services) == 0 {
		name := c.Service
		if name == "" {
			name = defaultName
		}
		return []Target{{Name: name, Path: ".", Tier: c.Tier, Manifests: c.Manifests.Paths, External: c.Manifests.External(), Waivers: c.Waivers}}
	}
	var out []Target
	for _, s := range c.Services {
		t := Target{Name: s.Name, Path: s.Path, Tier: s.Tier, Manifests: s.Manifests.Paths, External: s.Manifests.External()}
		if t.Tier == "" {
			t.Tier = c.Tier
		}
		t.Waivers = append(append([]Waiver(nil), c.Waivers...), s.Waivers...)
		out = append(out, t)
	}
	return out
}
